using Telemetry.Engine.Inventory;
using Telemetry.Engine.Signals;
using Telemetry.Files.JsonLines;

namespace Telemetry.Files.Signals;

/// <summary>
/// Writes <c>signals.jsonl</c>. Signals from all partitions are written in <see cref="SignalOrder"/>,
/// so the file is byte-identical however the work was partitioned.
/// </summary>
public static class SignalFile
{
    public static void Write(string path, IEnumerable<Signal> signals, FleetInventory inventory)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        JsonLinesFile.Write(path, SignalOrder.Sorted(signals), (writer, signal) => SignalJsonWriter.Write(writer, signal, inventory.SiteOf(signal.ChargePoint)));
    }
}
