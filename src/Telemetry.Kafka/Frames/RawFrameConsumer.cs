using Confluent.Kafka;

namespace Telemetry.Kafka.Frames;

/// <summary>
/// A member of the consumer group that reads a topic of raw OCPP traffic (tap records or bare
/// OCPP-J frames) for <c>telemetry ingest --from-topic</c>. Cooperative-sticky assignment;
/// offsets are committed by the caller, and only for records whose events Kafka has
/// acknowledged (at-least-once). Not thread-safe: one consuming thread, on which the owner's
/// callbacks also run.
/// </summary>
public sealed class RawFrameConsumer : IDisposable
{
    private readonly IConsumer<byte[], byte[]> _consumer;
    private readonly IRawPartitionOwner _owner;
    private readonly List<TopicPartition> _assigned = [];
    private bool _paused;
    private bool _pauseAssigned;

    public RawFrameConsumer(string bootstrapServers, KafkaOptions options, string topic, string groupId, IRawPartitionOwner owner)
    {
        ArgumentException.ThrowIfNullOrEmpty(bootstrapServers);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(topic);
        ArgumentException.ThrowIfNullOrEmpty(groupId);
        ArgumentNullException.ThrowIfNull(owner);
        // Committed by the caller once the events of the records before the offset are delivered.
        var config = ConsumerSettings.Create(bootstrapServers, options, "telemetry-ingest-frames", groupId, groupMember: true);
        Topic = topic;
        _owner = owner;
        _consumer = new ConsumerBuilder<byte[], byte[]>(config)
            .SetPartitionsAssignedHandler((_, partitions) => OnAssigned(partitions))
            .SetPartitionsRevokedHandler((_, partitions) => OnRevoked(partitions, lost: false))
            .SetPartitionsLostHandler((_, partitions) => OnRevoked(partitions, lost: true))
            .Build();
    }

    public string Topic { get; }

    /// <summary>Partitions owned now.</summary>
    public int AssignedCount => _assigned.Count;

    /// <summary>True while fetching is paused (back-pressure).</summary>
    public bool Paused => _paused;

    /// <summary>Transient consume errors the client recovers from.</summary>
    public long ConsumeErrors { get; private set; }

    /// <summary>Joins the group.</summary>
    public void Subscribe() => _consumer.Subscribe(Topic);

    /// <summary>Polls once for up to <paramref name="timeout"/>; null when no record came.</summary>
    public ConsumeResult<byte[], byte[]>? Consume(TimeSpan timeout)
    {
        if (_pauseAssigned)
        {
            _pauseAssigned = false;
            _consumer.Pause(_assigned);
        }

        try
        {
            var result = _consumer.Consume(timeout);
            return result is null || result.IsPartitionEOF ? null : result;
        }
        catch (ConsumeException failed) when (!failed.Error.IsFatal)
        {
            // Retried by the client from the same position; nothing was handed out.
            ConsumeErrors++;
            return null;
        }
    }

    /// <summary>Stops fetching every owned partition (and those assigned later) until <see cref="Resume"/>.</summary>
    public void Pause()
    {
        if (!_paused)
        {
            _paused = true;
            _consumer.Pause(_assigned);
        }
    }

    public void Resume()
    {
        if (_paused)
        {
            _paused = false;
            _consumer.Resume(_assigned);
        }
    }

    /// <summary>Commits, for each partition, the next offset to read (everything before it is done).</summary>
    public void Commit(IEnumerable<(int Partition, long Next)> positions)
    {
        ArgumentNullException.ThrowIfNull(positions);
        var offsets = new List<TopicPartitionOffset>();
        foreach (var (partition, next) in positions)
        {
            offsets.Add(new TopicPartitionOffset(Topic, partition, next));
        }

        if (offsets.Count > 0)
        {
            _consumer.Commit(offsets);
        }
    }

    /// <summary>Reads <paramref name="partition"/> again from <paramref name="offset"/> (after a delivery failure).</summary>
    public void Seek(int partition, long offset) => _consumer.Seek(new TopicPartitionOffset(Topic, partition, offset));

    /// <summary>
    /// The group's committed offset of <paramref name="partition"/> (a broker round trip), or -1
    /// when none was committed.
    /// </summary>
    public long Committed(int partition, TimeSpan timeout)
    {
        var committed = _consumer.Committed([new TopicPartition(Topic, partition)], timeout);
        return committed.Count == 1 && committed[0].Offset.Value >= 0 ? committed[0].Offset.Value : -1;
    }

    /// <summary>
    /// False when leaving the group took longer than <see cref="GroupExit.DefaultLimit"/> and the
    /// client was left behind (see <see cref="GroupExit"/>); the group then drops this member
    /// after its session timeout.
    /// </summary>
    public bool LeftInTime { get; private set; } = true;

    /// <summary>Leaves the group: the owner's revocation callbacks run for the partitions still owned.</summary>
    public void Dispose() => LeftInTime = GroupExit.Leave(_consumer, GroupExit.DefaultLimit);

    private void OnAssigned(List<TopicPartition> partitions)
    {
        foreach (var tp in partitions)
        {
            _assigned.Add(tp);
            _owner.OnAssigned(tp.Partition.Value);
        }

        // The assignment takes effect after this callback: partitions that arrive while paused
        // are paused on the next poll.
        _pauseAssigned = _paused;
    }

    private void OnRevoked(List<TopicPartitionOffset> partitions, bool lost)
    {
        foreach (var tp in partitions)
        {
            _assigned.Remove(tp.TopicPartition);
            _owner.OnRevoked(tp.Partition.Value, lost);
        }
    }
}
