using Telemetry.Engine.Signals;

namespace Telemetry.Engine.Tests.Signals;

public class SignalOrderTests
{
    [Fact]
    public void Sorted_OrdersByTimeChargerPortTypeState()
    {
        var late = Raised(2_000, "CP-1", 1, SignalTypes.AvailabilityOutage);
        var otherCharger = Raised(1_000, "CP-2", 1, SignalTypes.AvailabilityOutage);
        var noPort = Raised(1_000, "CP-1", null, SignalTypes.CommsOffline);
        var port1 = Raised(1_000, "CP-1", 1, SignalTypes.AvailabilityOutage);

        var sorted = SignalOrder.Sorted([late, otherCharger, port1, noPort]);

        Assert.Equal([noPort, port1, otherCharger, late], sorted);
    }

    [Fact]
    public void Sorted_KeepsRaisedOrder_WhenSignalsDifferOnlyInEvidence()
    {
        var signals = Enumerable.Range(0, 50)
            .Select(i => Raised(1_000, "CP-1", 1, SignalTypes.AlarmRecurring) with { Evidence = new SignalEvidence { Count = i } })
            .ToList();

        var sorted = SignalOrder.Sorted(signals);

        Assert.Equal(signals, sorted);
    }

    private static Signal Raised(long timeMs, string chargePoint, ushort? port, string type) =>
        new(type, SignalState.Raised, timeMs, chargePoint, port, port is null ? SignalScope.Charger : SignalScope.Connector, new SignalEvidence());
}
