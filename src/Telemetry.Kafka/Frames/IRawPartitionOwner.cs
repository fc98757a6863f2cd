namespace Telemetry.Kafka.Frames;

/// <summary>
/// Told by <see cref="RawFrameConsumer"/> which partitions of the raw-frame topic the group gives
/// it and takes away; called on the consuming thread, from within <see cref="RawFrameConsumer.Consume"/>.
/// </summary>
public interface IRawPartitionOwner
{
    /// <summary>The partition is now this member's; it is read from the group's committed offset.</summary>
    void OnAssigned(int partition);

    /// <summary>
    /// The partition is no longer this member's. When <paramref name="lost"/> is false its work
    /// may still be committed (<see cref="RawFrameConsumer.Commit"/>) before another member
    /// starts from the committed offset; when true another member may own it already.
    /// </summary>
    void OnRevoked(int partition, bool lost);
}
