namespace Telemetry.Kafka.Events;

/// <summary>
/// Told by <see cref="GroupEventConsumer"/> which partitions of the events topic the group gives
/// it and takes away. Called on the consuming thread, from within
/// <see cref="GroupEventConsumer.Consume{TReceiver}"/>.
/// </summary>
public interface IPartitionOwner
{
    /// <summary>The partition is now this member's.</summary>
    /// <returns>The offset to read it from: 0 for the earliest retained record, or a stored position.</returns>
    long OnAssigned(int partition);

    /// <summary>
    /// The partition is no longer this member's. When <paramref name="lost"/> is false it was
    /// handed back in an orderly rebalance and its work may still be committed; when true another
    /// member may own it already.
    /// </summary>
    void OnRevoked(int partition, bool lost);
}
