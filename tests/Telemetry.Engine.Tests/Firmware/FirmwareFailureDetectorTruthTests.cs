using Telemetry.Engine.Firmware;
using Telemetry.Engine.Tests.Support;
using Telemetry.Simulator;

namespace Telemetry.Engine.Tests.Firmware;

/// <summary>The firmware detector over a simulated fleet: chargers the simulator left healthy raise nothing.</summary>
public sealed class FirmwareFailureDetectorTruthTests
{
    [Fact]
    public async Task OnEvent_RaisesNothing_OnChargersWithoutAnInjectedFault()
    {
        var fleet = await SimulatedFleet.CreateAsync(new SimulationOptions { Chargers = 30, Sites = 3, Days = 2, Seed = 11 });
        var faulty = fleet.Truth.Faults.Select(f => f.ChargePoint).ToHashSet(StringComparer.Ordinal);
        var sink = new RecordingSink();
        var detector = new FirmwareFailureDetector(fleet.Chargers, new FirmwareOptions(), sink);

        foreach (var e in fleet.Events)
        {
            detector.OnEvent(e);
        }

        Assert.NotEmpty(fleet.Events);
        Assert.DoesNotContain(sink.Signals, s => !faulty.Contains(s.ChargePoint));
    }
}
