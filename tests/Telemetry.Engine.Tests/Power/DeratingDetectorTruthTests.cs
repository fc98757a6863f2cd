using Telemetry.Engine.Inventory;
using Telemetry.Engine.Power;
using Telemetry.Engine.Tests.Support;
using Telemetry.Ocpp.Events;
using Telemetry.Simulator;

namespace Telemetry.Engine.Tests.Power;

/// <summary>
/// The derating detector over a simulated fleet whose vehicles draw 30-90 % of the rating:
/// chargers the simulator left healthy raise nothing, because low import alone is the car's doing.
/// </summary>
public sealed class DeratingDetectorTruthTests
{
    [Fact]
    public async Task OnEvent_RaisesNothing_OnChargersWithoutAnInjectedFault()
    {
        var fleet = await SimulatedFleet.CreateAsync(new SimulationOptions { Chargers = 30, Sites = 3, Days = 2, Seed = 11 });
        var faulty = fleet.Truth.Faults.Select(f => f.ChargePoint).ToHashSet(StringComparer.Ordinal);
        var sink = new RecordingSink();
        var detector = new DeratingDetector(fleet.Chargers, FleetInventory.Empty, new TextCodeRegistry(), new DeratingOptions(), sink);

        foreach (var e in fleet.Events)
        {
            detector.OnEvent(e);
        }

        Assert.Contains(fleet.Events, e => e.Kind == EventKind.Meter && e.Detail == (byte)Measurand.PowerActiveImport);
        Assert.True(detector.PortCount > 0);
        Assert.DoesNotContain(sink.Signals, s => !faulty.Contains(s.ChargePoint));
    }
}
