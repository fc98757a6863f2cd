namespace Telemetry.Kafka.Signals;

/// <summary>
/// Told by <see cref="DecisionConsumer"/> which partitions of the decisions topic the group gives
/// it and takes away; called on the consuming thread.
/// </summary>
public interface IDecisionPartitionOwner
{
    /// <summary>
    /// The partition is now this member's. <paramref name="committed"/> is the group's committed
    /// offset (0 when none): the outputs of every record before it were delivered by an earlier owner.
    /// </summary>
    /// <returns>The offset to read from: 0 for the earliest retained record, or the offset of a restored checkpoint.</returns>
    long OnAssigned(int partition, long committed);

    /// <summary>
    /// The partition is no longer this member's. When <paramref name="lost"/> is false its
    /// progress may still be committed (<see cref="DecisionConsumer.Commit"/>).
    /// </summary>
    void OnRevoked(int partition, bool lost);
}
