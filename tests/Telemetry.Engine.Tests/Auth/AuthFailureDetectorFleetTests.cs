using Telemetry.Engine.Auth;
using Telemetry.Engine.Inventory;
using Telemetry.Engine.Tests.Support;
using Telemetry.Simulator;

namespace Telemetry.Engine.Tests.Auth;

/// <summary>The authorisation detector over a simulated fleet whose drivers are all accepted.</summary>
public sealed class AuthFailureDetectorFleetTests
{
    [Fact]
    public async Task OnEvent_RaisesNothing_ForASimulatedFleetThatAcceptsEveryDriver()
    {
        var fleet = await SimulatedFleet.CreateAsync(new SimulationOptions { Chargers = 20, Sites = 2, Days = 3, Seed = 5 });
        var sink = new RecordingSink();
        var detector = new AuthFailureDetector(fleet.Chargers, new AuthOptions(), FleetInventory.Empty, sink);
        foreach (var e in fleet.Events)
        {
            detector.OnEvent(e);
        }

        detector.Tick(fleet.Truth.End.ToUnixTimeMilliseconds());

        Assert.Empty(sink.Signals);
        var accepted = 0;
        for (var c = 0; c < fleet.Chargers.Count; c++)
        {
            accepted += detector.CountsOf(c).Accepted;
        }

        Assert.True(accepted > 100);
    }
}
