using Telemetry.Engine.Inventory;
using Telemetry.Engine.Signals;
using Telemetry.Files.JsonLines;

namespace Telemetry.Files.Signals;

/// <summary>
/// Writes <c>signals.jsonl</c>. Signals from all partitions are ordered by time, charger, port,
/// type and state first, so the file is byte-identical however the work was partitioned.
/// </summary>
public static class SignalFile
{
    public static void Write(string path, IEnumerable<Signal> signals, FleetInventory inventory)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        var ordered = signals.ToList();
        ordered.Sort(Compare);
        JsonLinesFile.Write(path, ordered, (writer, signal) => SignalJsonWriter.Write(writer, signal, inventory.SiteOf(signal.ChargePoint)));
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
