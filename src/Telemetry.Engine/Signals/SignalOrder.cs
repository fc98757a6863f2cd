namespace Telemetry.Engine.Signals;

/// <summary>
/// The one order in which signals from all partitions are written and correlated: time, charger,
/// port, type, state. The sort is stable, so two signals equal in all of these keep the order their
/// detector raised them in (one charger's signals always come from one partition).
/// </summary>
public static class SignalOrder
{
    public static List<Signal> Sorted(IEnumerable<Signal> signals)
    {
        ArgumentNullException.ThrowIfNull(signals);
        return [.. signals.Order(Comparer<Signal>.Create(Compare))];
    }

    public static int Compare(Signal? x, Signal? y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var c = x.TimestampMs.CompareTo(y.TimestampMs);
        if (c == 0) c = string.CompareOrdinal(x.ChargePoint, y.ChargePoint);
        if (c == 0) c = (x.Port ?? -1).CompareTo(y.Port ?? -1);
        if (c == 0) c = string.CompareOrdinal(x.Type, y.Type);
        if (c == 0) c = x.State.CompareTo(y.State);
        return c;
    }
}
