using Telemetry.Engine.Inventory;
using Telemetry.Engine.Sessions;
using Telemetry.Engine.Signals;
using Telemetry.Engine.Tests.Support;
using Telemetry.Ocpp.Events;
using Telemetry.Simulator;
using Telemetry.Simulator.Faults;

namespace Telemetry.Engine.Tests;

public sealed class WindowDetectorsTests
{
    private const long MinuteMs = 60_000;

    [Fact]
    public void All_HoldsNineDistinctDetectors()
    {
        var sink = new KeepingSink();
        var windows = new WindowDetectors(new ChargerRegistry(), new TextCodeRegistry(), FleetInventory.Empty, new DetectorOptions(), sink, sink);

        Assert.Equal(9, windows.All.Select(d => d.GetType()).Distinct().Count());
        Assert.Equal(windows.All.Cast<object>(), windows.Checkpointed.Cast<object>());
    }

    [Fact]
    public async Task OnEventAndTick_ConcludeWhatEachDetectorDoes_WhenDrivenOneByOne()
    {
        var fleet = await SimulatedFleet.CreateAsync(SimulationOptions.ForFaults(FaultLibrary.All, chargers: 30, sites: 3, days: 3, seed: 7));
        var direct = new KeepingSink();
        var oneByOne = new KeepingSink();
        var windows = new WindowDetectors(fleet.Chargers, fleet.Texts, FleetInventory.Empty, new DetectorOptions(), direct, direct);
        var each = new WindowDetectors(fleet.Chargers, fleet.Texts, FleetInventory.Empty, new DetectorOptions(), oneByOne, oneByOne);

        var minute = long.MinValue;
        foreach (var e in fleet.Events)
        {
            if (e.TimestampMs / MinuteMs != minute)
            {
                minute = e.TimestampMs / MinuteMs;
                windows.Tick(e.TimestampMs);
                foreach (var detector in each.All)
                {
                    detector.Tick(e.TimestampMs);
                }
            }

            windows.OnEvent(e);
            foreach (var detector in each.All)
            {
                detector.OnEvent(e);
            }
        }

        // The simulated faults make most detectors speak, so a detector the set skipped would show.
        Assert.True(oneByOne.Signals.Select(s => s.Type).Distinct().Count() >= 9, string.Join(", ", oneByOne.Signals.Select(s => s.Type).Distinct()));
        Assert.True(oneByOne.Sessions > 0);
        Assert.Equal(oneByOne.Signals.Select(s => s.ToString()), direct.Signals.Select(s => s.ToString()));
        Assert.Equal(oneByOne.Sessions, direct.Sessions);
    }

    private sealed class KeepingSink : ISessionSink
    {
        public List<Signal> Signals { get; } = [];

        public int Sessions { get; private set; }

        public void OnSignal(Signal signal) => Signals.Add(signal);

        public void OnSession(in SessionRecord session) => Sessions++;
    }
}
