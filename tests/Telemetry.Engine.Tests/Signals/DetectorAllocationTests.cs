using Telemetry.Engine.Alarms;
using Telemetry.Engine.Auth;
using Telemetry.Engine.Availability;
using Telemetry.Engine.Comms;
using Telemetry.Engine.Firmware;
using Telemetry.Engine.Inventory;
using Telemetry.Engine.Ordering;
using Telemetry.Engine.Power;
using Telemetry.Engine.Resets;
using Telemetry.Engine.Restarts;
using Telemetry.Engine.Sessions;
using Telemetry.Engine.Signals;
using Telemetry.Engine.Tests.Support;
using Telemetry.Ocpp.Events;
using Telemetry.Simulator;
using Telemetry.Testing;

namespace Telemetry.Engine.Tests.Signals;

public sealed class DetectorAllocationTests
{
    private const long MinuteMs = 60_000;

    [Fact]
    public async Task OnEventAndTick_AllocateNothing_InSteadyState()
    {
        var fleet = await SimulatedFleet.CreateAsync(new SimulationOptions { Chargers = 30, Sites = 3, Days = 2, Seed = 11 });
        var partition = new PartitionSet(fleet.Chargers, fleet.Texts, new DetectorOptions());
        var events = fleet.Events.ToArray();
        var spanMs = events[^1].TimestampMs - events[0].TimestampMs + MinuteMs;

        // The first passes give every charger, port, alarm key and window the room the same traffic
        // needs again, and jit the code; each pass measured after them is the same traffic later on.
        partition.Feed(Shifted(events, 0));
        partition.Feed(Shifted(events, spanMs));
        var measured = new TelemetryEvent[AllocationMeter.DefaultRuns][];
        for (var k = 0; k < measured.Length; k++)
        {
            measured[k] = Shifted(events, (2 + k) * spanMs);
        }

        var (signals, rollups, outages) = (partition.Signals, partition.Rollups, partition.Outages);

        var allocated = AllocationMeter.FewestBytes(k => partition.Feed(measured[k]));

        Assert.True(partition.Signals > signals, "the measured pass raised or cleared signals");
        Assert.True(partition.Outages > outages, "the measured pass closed outages");
        Assert.True(partition.Rollups > rollups, "the measured pass emitted availability rows");
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void OnSignal_MakesASignalOfTheValue_ForASinkThatKeepsThem()
    {
        var kept = new List<Signal>();
        ISignalSink sink = new KeepingSink(kept);
        var evidence = new SignalEvidence { Cause = "faulted", SinceMs = 5 };
        var value = new SignalValue(SignalTypes.AvailabilityOutage, SignalState.Cleared, 9, "cp", 2, SignalScope.Connector, evidence);

        sink.OnSignal(value);

        var signal = Assert.Single(kept);
        Assert.Equal(new Signal(SignalTypes.AvailabilityOutage, SignalState.Cleared, 9, "cp", 2, SignalScope.Connector, evidence), signal);
    }

    private static TelemetryEvent[] Shifted(TelemetryEvent[] events, long shiftMs)
    {
        var shifted = new TelemetryEvent[events.Length];
        for (var i = 0; i < events.Length; i++)
        {
            shifted[i] = events[i];
            shifted[i].TimestampMs += shiftMs;
        }

        return shifted;
    }

    private sealed class KeepingSink(List<Signal> kept) : ISignalSink
    {
        public void OnSignal(Signal signal) => kept.Add(signal);
    }

    /// <summary>
    /// Every stage of a partition, driven as the process worker drives it: the reorder buffer,
    /// the availability detector and the event detectors, with a timer pass when stream time
    /// crosses a minute. The sink counts what it receives, as one that writes at once would.
    /// </summary>
    private sealed class PartitionSet : IAvailabilitySink, ISessionSink
    {
        private readonly EventReorderBuffer _reorder;
        private readonly AvailabilityDetector _availability;
        private readonly WindowDetectors _windows;
        private readonly long _latenessMs;
        private long _streamTimeMs = long.MinValue;

        public PartitionSet(ChargerRegistry chargers, TextCodeRegistry texts, DetectorOptions options)
        {
            var inventory = FleetInventory.Empty;
            _reorder = new EventReorderBuffer(options.Availability.AllowedLateness, options.Ordering);
            _latenessMs = (long)options.Availability.AllowedLateness.TotalMilliseconds;
            _availability = new AvailabilityDetector(chargers, options.Availability, this);
            _windows = new WindowDetectors(chargers, texts, inventory, options, this, this);
        }

        public long Signals { get; private set; }

        public long Rollups { get; private set; }

        public long Outages { get; private set; }

        public void Feed(TelemetryEvent[] events)
        {
            foreach (ref readonly var e in events.AsSpan())
            {
                if (_reorder.TryAdd(e))
                {
                    var sink = new Ordered(this);
                    _reorder.Release(ref sink);
                }
            }
        }

        public void OnRollup(in ConnectorRollup rollup) => Rollups++;

        public void OnRollups(ReadOnlySpan<ConnectorRollup> rollups) => Rollups += rollups.Length;

        public void OnOutage(Outage outage) => Outages++;

        public void OnSignal(Signal signal) => Assert.Fail("detectors hand signals over as values");

        public void OnSignal(in SignalValue signal) => Signals++;

        public void OnSession(in SessionRecord session)
        {
        }

        private void Detect(in TelemetryEvent e)
        {
            if (e.TimestampMs > _streamTimeMs)
            {
                var crossesMinute = _streamTimeMs == long.MinValue || e.TimestampMs / MinuteMs != _streamTimeMs / MinuteMs;
                _streamTimeMs = e.TimestampMs;
                if (crossesMinute)
                {
                    _windows.Tick(_streamTimeMs - _latenessMs);
                }
            }

            _availability.AdvanceTo(e.TimestampMs);
            _availability.OnEvent(e);
            _windows.OnEvent(e);
        }

        private readonly struct Ordered(PartitionSet partition) : IOrderedEventSink
        {
            public void OnOrderedEvent(in TelemetryEvent e) => partition.Detect(e);
        }
    }
}
