using System.Buffers;
using Telemetry.Engine.Availability;
using Telemetry.Engine.Checkpoints;
using Telemetry.Engine.Comms;
using Telemetry.Engine.Resets;
using Telemetry.Engine.Tests.Support;
using Telemetry.Engine.Uptime;
using Telemetry.Ocpp.Events;
using Telemetry.Simulator;
using Telemetry.Simulator.Faults;

namespace Telemetry.Engine.Tests.Checkpoints;

/// <summary>
/// Detectors checkpointed part-way through a simulated capture and restored into fresh
/// detectors over a registry that interned the chargers in another order carry on as the
/// uninterrupted detectors do.
/// </summary>
public sealed class PartitionCheckpointTests
{
    private const long Configuration = 42;

    [Theory]
    [InlineData(3, 0.3)]
    [InlineData(8, 0.55)]
    [InlineData(13, 0.9)]
    public async Task Restore_CarriesOnAsTheUninterruptedDetectors_WithChargersInternedInAnotherOrder(int seed, double cut)
    {
        var fleet = await SimulatedFleet.CreateAsync(SimulationOptions.ForFaults(FaultLibrary.All, chargers: 15, sites: 3, days: 2, seed: seed));
        var endMs = fleet.Truth.End.ToUnixTimeMilliseconds();
        var texts = new TextCodeRegistry();
        var whole = new Detectors(fleet.Chargers);
        whole.Feed(fleet.Events, endMs);

        var at = (int)(fleet.Events.Count * cut);
        var first = new Detectors(fleet.Chargers);
        first.Feed(fleet.Events.Take(at), endMs: null);
        var checkpoint = new ArrayBufferWriter<byte>();
        PartitionCheckpoint.Write(checkpoint, Configuration, fleet.Chargers, texts, first.Parts);

        var chargers = new ChargerRegistry();
        chargers.Intern("CP-ELSEWHERE".AsSpan());
        for (var c = fleet.Chargers.Count - 1; c >= 0; c--)
        {
            chargers.Intern(fleet.Chargers.NameOf(c).AsSpan());
        }

        var second = new Detectors(chargers);
        PartitionCheckpoint.Restore(checkpoint.WrittenSpan, Configuration, chargers, new TextCodeRegistry(), second.Parts);
        var rest = fleet.Events.Skip(at).Select(e => e with { Charger = chargers.Intern(fleet.Chargers.NameOf(e.Charger).AsSpan()) });
        second.Feed(rest, endMs);

        Assert.NotEmpty(whole.Sink.Signals);
        Assert.Equal(Sorted(whole.Sink.Signals), Sorted([.. first.Sink.Signals, .. second.Sink.Signals]));
        Assert.Equal(Sorted(whole.Sink.Outages), Sorted([.. first.Sink.Outages, .. second.Sink.Outages]));
        Assert.Equal(
            Sorted(whole.Sink.Rollups.Select(r => fleet.Chargers.NameOf(r.Charger) + (r with { Charger = 0 }))),
            Sorted([.. first.Sink.Rollups.Select(r => fleet.Chargers.NameOf(r.Charger) + (r with { Charger = 0 })), .. second.Sink.Rollups.Select(r => chargers.NameOf(r.Charger) + (r with { Charger = 0 }))]));
        Assert.Equal(Sorted(whole.Uptime.Report(fleet.Chargers)), Sorted(second.Uptime.Report(chargers)));
    }

    [Fact]
    public async Task Restore_Refuses_AnotherConfigurationTrailingBytesAndAChangedByte()
    {
        var fleet = await SimulatedFleet.CreateAsync(new SimulationOptions { Chargers = 5, Sites = 1, Days = 1, Seed = 4 });
        var texts = new TextCodeRegistry();
        var detectors = new Detectors(fleet.Chargers);
        detectors.Feed(fleet.Events, endMs: null);
        var checkpoint = new ArrayBufferWriter<byte>();
        PartitionCheckpoint.Write(checkpoint, Configuration, fleet.Chargers, texts, detectors.Parts);
        var bytes = checkpoint.WrittenSpan.ToArray();

        var other = Assert.Throws<InvalidDataException>(() => PartitionCheckpoint.Restore(bytes, Configuration + 1, fleet.Chargers, texts, new Detectors(fleet.Chargers).Parts));
        Assert.Contains("configuration", other.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => PartitionCheckpoint.Restore([.. bytes, 0], Configuration, fleet.Chargers, texts, new Detectors(fleet.Chargers).Parts));
        for (var i = 0; i < bytes.Length; i += Math.Max(1, bytes.Length / 97))
        {
            var changed = bytes.ToArray();
            changed[i] ^= 0x10;
            Assert.Throws<InvalidDataException>(() => PartitionCheckpoint.Restore(changed, Configuration, fleet.Chargers, texts, new Detectors(fleet.Chargers).Parts));
        }

        // Sections in another order than written are refused by their headers.
        ICheckpointState[] swapped = [.. Enumerable.Reverse(new Detectors(fleet.Chargers).Parts)];
        Assert.Throws<InvalidDataException>(() => PartitionCheckpoint.Restore(bytes, Configuration, fleet.Chargers, texts, swapped));
    }

    private static List<string> Sorted<T>(IEnumerable<T> items)
    {
        var all = items.Select(i => i!.ToString()!).ToList();
        all.Sort(StringComparer.Ordinal);
        return all;
    }

    /// <summary>Availability, uptime, comms and resets over one registry, driven like a partition.</summary>
    private sealed class Detectors
    {
        private readonly AvailabilityDetector _availability;
        private readonly IEventDetector[] _timed;

        public Detectors(ChargerRegistry chargers)
        {
            _availability = new AvailabilityDetector(chargers, new AvailabilityOptions(), Sink);
            var comms = new CommsStabilityDetector(chargers, new CommsOptions(), Sink);
            var resets = new ResetDetector(chargers, new ResetOptions(), Sink);
            _timed = [comms, resets];
            Parts = [_availability, Uptime, comms, resets];
        }

        public RecordingSink Sink { get; } = new();

        public UptimeLedger Uptime { get; } = new();

        public ICheckpointState[] Parts { get; }

        public void Feed(IEnumerable<TelemetryEvent> events, long? endMs)
        {
            var rollups = Sink.Rollups.Count;
            foreach (var e in events)
            {
                _availability.OnEvent(e);
                foreach (var detector in _timed)
                {
                    detector.OnEvent(e);
                }

                // A timer pass after every event: the cadence does not depend on what came before a cut.
                foreach (var detector in _timed)
                {
                    detector.Tick(e.TimestampMs);
                }
            }

            if (endMs is { } end)
            {
                _availability.Finish(end);
            }

            foreach (var rollup in Sink.Rollups.Skip(rollups))
            {
                Uptime.Add(rollup);
            }
        }
    }
}
