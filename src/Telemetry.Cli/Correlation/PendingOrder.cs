using Telemetry.Decide.Correlation;
using Telemetry.Engine.Signals;

namespace Telemetry.Cli.Correlation;

/// <summary>
/// The order in which <see cref="DecisionReplay"/> feeds a correlator: by time; at equal times
/// events before signals; events by charge point id then their order in their partition;
/// signals by charger, port, type and state. The position breaks what ties remain, so the order
/// is total and does not depend on how the partitions' records interleaved on arrival.
/// </summary>
internal sealed class PendingOrder : IComparer<PendingInput>
{
    public static PendingOrder Instance { get; } = new();

    public int Compare(PendingInput? x, PendingInput? y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var c = x.TimeMs.CompareTo(y.TimeMs);
        if (c != 0)
        {
            return c;
        }

        if (x.Signal is null != y.Signal is null)
        {
            return x.Signal is null ? -1 : 1;
        }

        c = x.Signal is null
            ? string.CompareOrdinal(x.ChargePoint, y.ChargePoint)
            : SignalOrder.Compare(x.Signal, y.Signal);
        return c == 0 ? x.Position.CompareTo(y.Position) : c;
    }
}
