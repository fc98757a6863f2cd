namespace Telemetry.Kafka.Signals;

/// <summary>
/// Where a decisions record came from: the events partition, the offset of the event whose
/// processing produced it, and its rank among that event's outputs. A worker that takes over an
/// events partition produces the same records at the same positions again, which is how the
/// correlator recognises a re-published duplicate.
/// </summary>
public readonly record struct DecisionPosition(int SourcePartition, long SourceOffset, int Index) : IComparable<DecisionPosition>
{
    /// <summary>Orders positions of one source partition; partitions are compared first only to make the order total.</summary>
    public int CompareTo(DecisionPosition other)
    {
        var c = SourcePartition.CompareTo(other.SourcePartition);
        if (c == 0)
        {
            c = SourceOffset.CompareTo(other.SourceOffset);
        }

        return c == 0 ? Index.CompareTo(other.Index) : c;
    }

    public static bool operator <(DecisionPosition left, DecisionPosition right) => left.CompareTo(right) < 0;

    public static bool operator >(DecisionPosition left, DecisionPosition right) => left.CompareTo(right) > 0;

    public static bool operator <=(DecisionPosition left, DecisionPosition right) => left.CompareTo(right) <= 0;

    public static bool operator >=(DecisionPosition left, DecisionPosition right) => left.CompareTo(right) >= 0;
}
