using Telemetry.Engine.Alarms;
using Telemetry.Engine.Auth;
using Telemetry.Engine.Comms;
using Telemetry.Engine.Firmware;
using Telemetry.Engine.Inventory;
using Telemetry.Engine.Power;
using Telemetry.Engine.Resets;
using Telemetry.Engine.Restarts;
using Telemetry.Engine.Sessions;
using Telemetry.Engine.Signals;
using Telemetry.Engine.Tests.Support;
using Telemetry.Ocpp.Events;
using Telemetry.Simulator;

namespace Telemetry.Engine.Tests.Signals;

public sealed class DetectorAllocationTests
{
    private const long MinuteMs = 60_000;

    [Fact]
    public async Task OnEventAndTick_AllocateOnlySinkOwnedSignals_InSteadyState()
    {
        var fleet = await SimulatedFleet.CreateAsync(new SimulationOptions { Chargers = 30, Sites = 3, Days = 2, Seed = 11 });
        var set = new DetectorSet(fleet.Chargers, fleet.Texts, new DetectorOptions());

        // First pass: every charger and port has its state in place, and the code has been jitted.
        var first = fleet.Events.ToArray();
        set.Feed(first);

        // Second pass: the same traffic a span later, so the state already has room for all of it.
        var shiftMs = first[^1].TimestampMs - first[0].TimestampMs + MinuteMs;
        var second = new TelemetryEvent[first.Length];
        for (var i = 0; i < first.Length; i++)
        {
            second[i] = first[i];
            second[i].TimestampMs += shiftMs;
        }

        var signalsBefore = set.Signals;
        var before = GC.GetAllocatedBytesForCurrentThread();
        set.Feed(second);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // Signals are objects the sink keeps; everything else must allocate nothing.
        var signals = set.Signals - signalsBefore;
        Assert.True(set.Events > first.Length, "the second pass ran");
        Assert.True(signals > 0, "the second pass raised signals");
        Assert.InRange(allocated, 0, signals * SignalCost());
    }

    private static long SignalCost()
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var signal = new Signal(SignalTypes.CommsOffline, SignalState.Raised, 1, "cp", null, SignalScope.Charger, new SignalEvidence());
        var cost = GC.GetAllocatedBytesForCurrentThread() - before;
        GC.KeepAlive(signal);
        return cost;
    }

    /// <summary>
    /// The event detectors of a partition, driven as the process worker does, with a sink that only
    /// counts. The availability detector is not in it: it still allocates a little beyond the
    /// signal itself on some signals.
    /// </summary>
    private sealed class DetectorSet : ISessionSink
    {
        private readonly IEventDetector[] _detectors;
        private long _streamTimeMs = long.MinValue;

        public DetectorSet(ChargerRegistry chargers, TextCodeRegistry texts, DetectorOptions options)
        {
            var inventory = FleetInventory.Empty;
            _detectors =
            [
                new CommsStabilityDetector(chargers, options.Comms, this),
                new UnansweredCallsDetector(chargers, options.UnansweredCalls, this),
                new ResetDetector(chargers, options.Resets, this),
                new AlarmDetector(chargers, texts, options.Alarms, this),
                new FirmwareFailureDetector(chargers, options.Firmware, this),
                new DeratingDetector(chargers, inventory, texts, options.Derating, this),
                new SessionDetector(chargers, options.Sessions, this),
                new AuthFailureDetector(chargers, options.Auth, inventory, this, new BackendOutageView(options.Auth, this)),
                new RestartEfficacyDetector(chargers, options.Restarts, this),
            ];
        }

        public long Events { get; private set; }

        public long Signals { get; private set; }

        public void Feed(TelemetryEvent[] events)
        {
            foreach (ref readonly var e in events.AsSpan())
            {
                Events++;
                if (_streamTimeMs == long.MinValue || e.TimestampMs / MinuteMs != _streamTimeMs / MinuteMs)
                {
                    foreach (var detector in _detectors)
                    {
                        detector.Tick(e.TimestampMs);
                    }
                }

                _streamTimeMs = Math.Max(_streamTimeMs, e.TimestampMs);
                foreach (var detector in _detectors)
                {
                    detector.OnEvent(e);
                }
            }
        }

        public void OnSignal(Signal signal) => Signals++;

        public void OnSession(in SessionRecord session)
        {
        }
    }
}
