using Telemetry.Engine.Comms;
using Telemetry.Engine.Tests.Support;
using Telemetry.Ocpp.Events;
using Telemetry.Simulator;

namespace Telemetry.Engine.Tests.Comms;

/// <summary>The half-dead connection detector over a simulated fleet: chargers that answer their CALLs raise nothing.</summary>
public sealed class UnansweredCallsDetectorTruthTests
{
    [Fact]
    public async Task OnEvent_RaisesNothing_OnChargersWithoutAnInjectedFault()
    {
        var fleet = await SimulatedFleet.CreateAsync(new SimulationOptions { Chargers = 30, Sites = 3, Days = 2, Seed = 11 });
        var faulty = fleet.Truth.Faults.Select(f => f.ChargePoint).ToHashSet(StringComparer.Ordinal);
        var sink = new RecordingSink();
        var detector = new UnansweredCallsDetector(fleet.Chargers, new UnansweredCallsOptions(), sink);
        var latest = long.MinValue;
        foreach (var e in fleet.Events)
        {
            if (e.TimestampMs > latest)
            {
                latest = e.TimestampMs;
                detector.Tick(latest - 120_000);
            }

            detector.OnEvent(e);
        }

        Assert.Contains(fleet.Events, e => e.Origin == EventOrigin.Csms && e.Kind is EventKind.Command or EventKind.ResetRequested);
        Assert.DoesNotContain(sink.Signals, s => !faulty.Contains(s.ChargePoint));
    }
}
