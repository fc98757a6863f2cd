using System.Buffers;
using System.Text.Json;
using Telemetry.Cli.Pipeline;
using Telemetry.Engine;
using Telemetry.Engine.Inventory;
using Telemetry.Ocpp.Events;
using Telemetry.Ocpp.Rejects;
using Telemetry.Ocpp.Tap;
using Telemetry.Simulator;
using Telemetry.Simulator.Faults;

namespace Telemetry.Cli.Tests.Processing;

/// <summary>
/// A partition checkpointed part-way through a simulated capture with faults and restored into
/// a fresh worker whose registries interned the same chargers and texts in another order gives
/// the outputs of the uninterrupted run.
/// </summary>
public sealed class PartitionWorkerCheckpointTests
{
    public static TheoryData<int, double> Cuts => new()
    {
        { 3, 0.2 },
        { 3, 0.5 },
        { 11, 0.37 },
        { 11, 0.81 },
        { 29, 0.63 },
    };

    [Theory]
    [MemberData(nameof(Cuts))]
    public async Task RestoreCheckpoint_GivesTheUninterruptedOutputs_WithRegistriesInAnotherOrder(int seed, double cut)
    {
        var capture = await CaptureAsync(seed);
        var options = new DetectorOptions();
        var reference = Run(capture.Chargers, capture.Texts, options, capture.Events, capture.EndMs);

        var at = (int)(capture.Events.Count * cut);
        using var first = new PartitionWorker(0, new DetectionContext(capture.Chargers, capture.Texts, FleetInventory.Empty, options), rollupDirectory: null, bufferForDatabase: true);
        foreach (var e in capture.Events.Take(at))
        {
            first.OnEvent(e);
        }

        var checkpoint = new ArrayBufferWriter<byte>();
        first.WriteCheckpoint(checkpoint);
        var before = Outputs.Of(first, capture.Chargers, capture.Texts);

        // Another process: the registries meet the chargers and texts in reverse order, after others.
        var chargers = new ChargerRegistry();
        var texts = new TextCodeRegistry();
        chargers.Intern("CP-OTHER-PARTITION".AsSpan());
        texts.Intern("another-text"u8);
        for (var c = capture.Chargers.Count - 1; c >= 0; c--)
        {
            chargers.Intern(capture.Chargers.NameOf(c).AsSpan());
        }

        for (var t = capture.Texts.Count + 1; t > TextCodeRegistry.Overflow; t--)
        {
            texts.Intern(capture.Texts.Utf8TextOf((ushort)t));
        }

        using var second = new PartitionWorker(0, new DetectionContext(chargers, texts, FleetInventory.Empty, options), rollupDirectory: null, bufferForDatabase: true);
        second.RestoreCheckpoint(checkpoint.WrittenSpan);
        foreach (var e in capture.Events.Skip(at))
        {
            var moved = e;
            moved.Charger = chargers.Intern(capture.Chargers.NameOf(e.Charger).AsSpan());
            moved.TextCode = texts.Intern(capture.Texts.Utf8TextOf(e.TextCode));
            second.OnEvent(moved);
        }

        second.Finish(capture.EndMs);
        var after = Outputs.Of(second, chargers, texts);

        Assert.NotEmpty(reference.Signals);
        Assert.NotEmpty(reference.Sessions);
        Assert.NotEmpty(reference.Outages);
        Assert.Equal(reference.Signals, Sorted(before.Signals, after.Signals));
        Assert.Equal(reference.Sessions, Sorted(before.Sessions, after.Sessions));
        Assert.Equal(reference.Outages, Sorted(before.Outages, after.Outages));
        Assert.Equal(reference.Rollups, Sorted(before.Rollups, after.Rollups));
        Assert.Equal(reference.ChargerRollups, Sorted(before.ChargerRollups, after.ChargerRollups));
        Assert.Equal(reference.Late, Sorted(before.Late, after.Late));
        Assert.Equal(reference.Uptime, after.Uptime);

        // The control: the same rest fed to a worker that restored nothing does not give them.
        using var unrestored = new PartitionWorker(0, new DetectionContext(capture.Chargers, capture.Texts, FleetInventory.Empty, options), rollupDirectory: null, bufferForDatabase: true);
        foreach (var e in capture.Events.Skip(at))
        {
            unrestored.OnEvent(e);
        }

        unrestored.Finish(capture.EndMs);
        var control = Outputs.Of(unrestored, capture.Chargers, capture.Texts);
        Assert.NotEqual(reference.Rollups, Sorted(before.Rollups, control.Rollups));
        Assert.NotEqual(reference.Uptime, control.Uptime);
    }

    [Fact]
    public async Task RestoreCheckpoint_Refuses_TruncatedFlippedOrOtherConfiguration()
    {
        var capture = await CaptureAsync(5);
        var options = new DetectorOptions();
        var context = new DetectionContext(capture.Chargers, capture.Texts, FleetInventory.Empty, options);
        using var worker = new PartitionWorker(0, context, rollupDirectory: null, bufferForDatabase: false);
        foreach (var e in capture.Events.Take(capture.Events.Count / 2))
        {
            worker.OnEvent(e);
        }

        var checkpoint = new ArrayBufferWriter<byte>();
        worker.WriteCheckpoint(checkpoint);
        var bytes = checkpoint.WrittenSpan.ToArray();

        // The whole checkpoint restores; every shorter prefix and every single flipped byte is refused.
        using (var fresh = new PartitionWorker(0, context, null, false))
        {
            fresh.RestoreCheckpoint(bytes);
        }

        foreach (var length in new[] { 0, 3, 8, 30, bytes.Length / 2, bytes.Length - 1 })
        {
            using var fresh = new PartitionWorker(0, context, null, false);
            Assert.Throws<InvalidDataException>(() => fresh.RestoreCheckpoint(bytes.AsSpan(0, length)));
        }

        var random = new Random(17);
        for (var i = 0; i < 50; i++)
        {
            var flipped = bytes.ToArray();
            flipped[random.Next(flipped.Length)] ^= (byte)(1 << random.Next(8));
            using var fresh = new PartitionWorker(0, context, null, false);
            Assert.Throws<InvalidDataException>(() => fresh.RestoreCheckpoint(flipped));
        }

        var longer = bytes.Concat(new byte[] { 0 }).ToArray();
        using (var fresh = new PartitionWorker(0, context, null, false))
        {
            Assert.Throws<InvalidDataException>(() => fresh.RestoreCheckpoint(longer));
        }

        var other = new DetectorOptions();
        other.Resets.Window += TimeSpan.FromMinutes(1);
        using (var fresh = new PartitionWorker(0, context with { Options = other }, null, false))
        {
            var refused = Assert.Throws<InvalidDataException>(() => fresh.RestoreCheckpoint(bytes));
            Assert.Contains("configuration", refused.Message, StringComparison.Ordinal);
        }
    }

    private static List<string> Sorted(List<string> before, List<string> after)
    {
        var all = before.Concat(after).ToList();
        all.Sort(StringComparer.Ordinal);
        return all;
    }

    private static Outputs Run(ChargerRegistry chargers, TextCodeRegistry texts, DetectorOptions options, List<TelemetryEvent> events, long endMs)
    {
        using var worker = new PartitionWorker(0, new DetectionContext(chargers, texts, FleetInventory.Empty, options), rollupDirectory: null, bufferForDatabase: true);
        foreach (var e in events)
        {
            worker.OnEvent(e);
        }

        worker.Finish(endMs);
        var outputs = Outputs.Of(worker, chargers, texts);
        return outputs with
        {
            Signals = Sorted(outputs.Signals, []),
            Sessions = Sorted(outputs.Sessions, []),
            Outages = Sorted(outputs.Outages, []),
            Rollups = Sorted(outputs.Rollups, []),
            ChargerRollups = Sorted(outputs.ChargerRollups, []),
            Late = Sorted(outputs.Late, []),
        };
    }

    private static async Task<Capture> CaptureAsync(int seed)
    {
        var simulation = SimulationOptions.ForFaults(FaultLibrary.All, chargers: 12, sites: 3, days: 2, seed: seed);
        using var stream = new MemoryStream();
        new FleetSimulator(simulation).WriteCapture(stream);
        stream.Position = 0;
        var chargers = new ChargerRegistry();
        var texts = new TextCodeRegistry();
        var events = new List<TelemetryEvent>();
        var input = new CaptureInput(CaptureFormat.Tap, chargers, texts, new TapReaderOptions());
        await input.ReadAsync(System.IO.Pipelines.PipeReader.Create(stream), new Collecting(events), CancellationToken.None);
        return new Capture(chargers, texts, events, simulation.Start.AddDays(simulation.Days).ToUnixTimeMilliseconds());
    }

    private sealed record Capture(ChargerRegistry Chargers, TextCodeRegistry Texts, List<TelemetryEvent> Events, long EndMs);

    /// <summary>
    /// A worker's outputs as text, charger ids and text codes replaced by what they stand for:
    /// sessions and uptime through the worker's own registry, database rows and late events
    /// through the consumer's (<c>chargers</c>).
    /// </summary>
    private sealed record Outputs(List<string> Signals, List<string> Sessions, List<string> Outages, List<string> Rollups, List<string> ChargerRollups, List<string> Late, List<string> Uptime)
    {
        public static Outputs Of(PartitionWorker worker, ChargerRegistry chargers, TextCodeRegistry texts)
        {
            return new Outputs(
                worker.Signals.Select(s => JsonSerializer.Serialize(s)).ToList(),
                worker.Sessions.Select(s => worker.Chargers.NameOf(s.Charger) + texts.TextOf(s.TransactionText) + JsonSerializer.Serialize(s with { Charger = 0, TransactionText = 0 })).ToList(),
                worker.Outages.Select(o => o.ToString()).ToList(),
                worker.DatabaseBatch!.Select(r => chargers.NameOf(r.Charger) + (r with { Charger = 0 })).ToList(),
                worker.ChargerDatabaseBatch!.Select(r => chargers.NameOf(r.Charger) + (r with { Charger = 0 })).ToList(),
                worker.LateEvents.Select(e => chargers.NameOf(e.Charger) + texts.TextOf(e.TextCode) + JsonSerializer.Serialize(e with { Charger = 0, TextCode = 0 })).ToList(),
                worker.Uptime.Report(worker.Chargers).Select(u => u.ToString()).ToList());
        }
    }

    private readonly struct Collecting(List<TelemetryEvent> events) : IParseHandler
    {
        public void OnEvent(in TelemetryEvent telemetryEvent) => events.Add(telemetryEvent);

        public void OnRejected(RejectReason reason, long line, long offset, ReadOnlySpan<byte> raw)
        {
        }
    }
}
