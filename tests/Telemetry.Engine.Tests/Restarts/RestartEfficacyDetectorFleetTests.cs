using Telemetry.Engine.Restarts;
using Telemetry.Engine.Tests.Support;
using Telemetry.Simulator;

namespace Telemetry.Engine.Tests.Restarts;

/// <summary>The restart efficacy detector over a simulated fleet with faults and planned resets but no restart of a fault.</summary>
public sealed class RestartEfficacyDetectorFleetTests
{
    [Fact]
    public async Task OnEvent_RaisesNothing_ForPlannedResetsOfHealthyChargers()
    {
        var fleet = await SimulatedFleet.CreateAsync(new SimulationOptions { Chargers = 20, Sites = 2, Days = 3, Seed = 5, PlannedResetsPerChargerDay = 0.2 });
        var sink = new RecordingSink();
        var detector = new RestartEfficacyDetector(fleet.Chargers, new RestartOptions(), sink);
        foreach (var e in fleet.Events)
        {
            detector.OnEvent(e);
        }

        detector.Tick(fleet.Truth.End.ToUnixTimeMilliseconds());

        Assert.NotEmpty(fleet.Truth.PlannedResets);
        Assert.Empty(sink.Signals);
    }
}
