using Confluent.Kafka;

namespace Telemetry.Kafka.Signals;

/// <summary>
/// A member of the correlators' consumer group on the decisions topic, with the
/// cooperative-sticky strategy. Every assigned partition is read from its earliest retained
/// record: the correlator rebuilds its state from the partition's history. The group's committed
/// offsets say up to where that history's outputs were already delivered.
/// </summary>
/// <remarks>Not thread-safe: one consuming thread, on which the owner's callbacks also run.</remarks>
public sealed class DecisionConsumer : IDisposable
{
    private static readonly TimeSpan s_requestTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan s_offsetFetchBackoff = TimeSpan.FromMilliseconds(200);

    // Tries of the committed-offset fetch on assignment before the error is let out.
    private const int OffsetFetchAttempts = 20;

    private readonly IConsumer<byte[], byte[]> _consumer;
    private readonly IDecisionPartitionOwner _owner;
    private readonly string _topic;
    private readonly SortedSet<int> _assigned = [];
    private long _consumed;
    private long _consumeErrors;
    private long _commitErrors;

    public DecisionConsumer(string bootstrapServers, KafkaOptions options, IDecisionPartitionOwner owner)
    {
        ArgumentException.ThrowIfNullOrEmpty(bootstrapServers);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(owner);
        // Committed only once the outputs up to the offset are delivered (Commit).
        var config = ConsumerSettings.Create(bootstrapServers, options, "telemetry-correlate", options.CorrelateGroupId, groupMember: true);
        _topic = options.DecisionsTopic;
        _owner = owner;
        _consumer = new ConsumerBuilder<byte[], byte[]>(config)
            .SetPartitionsAssignedHandler((c, partitions) => OnAssigned(c, partitions))
            .SetPartitionsRevokedHandler((_, partitions) => OnRevoked(partitions, lost: false))
            .SetPartitionsLostHandler((_, partitions) => OnRevoked(partitions, lost: true))
            .Build();
    }

    /// <summary>The partitions this member owns now, in order.</summary>
    public IReadOnlyCollection<int> Assigned => _assigned;

    /// <summary>Records handed to the receiver.</summary>
    public long Consumed => Volatile.Read(ref _consumed);

    /// <summary>Transient consume errors (failed fetches) the client recovers from.</summary>
    public long ConsumeErrors => Volatile.Read(ref _consumeErrors);

    /// <summary>Commits the group refused (and that a later commit makes up for).</summary>
    public long CommitErrors => Volatile.Read(ref _commitErrors);

    /// <summary>Joins the group.</summary>
    public void Subscribe() => _consumer.Subscribe(_topic);

    /// <summary>Polls once for up to <paramref name="timeout"/> and hands a record, if any, to the receiver.</summary>
    /// <returns>True when a record was read.</returns>
    public bool Consume<TReceiver>(ref TReceiver receiver, TimeSpan timeout)
        where TReceiver : struct, IDecisionReceiver
    {
        ConsumeResult<byte[], byte[]>? result;
        try
        {
            result = _consumer.Consume(timeout);
        }
        catch (ConsumeException failed) when (!failed.Error.IsFatal)
        {
            // The client retries the fetch from the same position: nothing is skipped.
            _consumeErrors++;
            return false;
        }

        if (result is null || result.IsPartitionEOF)
        {
            return false;
        }

        _consumed++;
        receiver.OnRecord(result.Partition.Value, result.Offset.Value, result.Message.Value);
        return true;
    }

    /// <summary>Commits <paramref name="nextOffsets"/> of each partition: every output of the records before it is delivered.</summary>
    /// <returns>
    /// False when the group refused it for now (a rebalance in progress, a stale generation): the
    /// offsets stay where they were, so a next owner re-emits a little more, never less.
    /// </returns>
    public bool Commit(IReadOnlyList<KeyValuePair<int, long>> nextOffsets)
    {
        ArgumentNullException.ThrowIfNull(nextOffsets);
        if (nextOffsets.Count == 0)
        {
            return true;
        }

        var offsets = new List<TopicPartitionOffset>(nextOffsets.Count);
        foreach (var (partition, next) in nextOffsets)
        {
            offsets.Add(new TopicPartitionOffset(_topic, partition, next));
        }

        try
        {
            _consumer.Commit(offsets);
            return true;
        }
        catch (KafkaException refused) when (!refused.Error.IsFatal)
        {
            _commitErrors++;
            return false;
        }
    }

    /// <summary>
    /// The high watermark of <paramref name="partition"/> as the last fetch response reported it
    /// (no broker round trip), or -1 when none has been seen yet.
    /// </summary>
    public long CachedEndOffset(int partition)
    {
        var high = _consumer.GetWatermarkOffsets(new TopicPartition(_topic, partition)).High;
        return high.IsSpecial ? -1 : high.Value;
    }

    /// <summary>The high watermark of <paramref name="partition"/>, asked of its leader.</summary>
    public long QueryEndOffset(int partition) =>
        Watermarks.High(_consumer, new TopicPartition(_topic, partition), s_requestTimeout);

    /// <summary>
    /// False when leaving the group took longer than <see cref="GroupExit.DefaultLimit"/> and the
    /// client was left behind (see <see cref="GroupExit"/>); the group then drops this member
    /// after its session timeout.
    /// </summary>
    public bool LeftInTime { get; private set; } = true;

    /// <summary>Leaves the group: the owner's revocation callbacks run for the partitions still owned.</summary>
    public void Dispose() => LeftInTime = GroupExit.Leave(_consumer, GroupExit.DefaultLimit);

    /// <summary>
    /// The group's committed offsets of newly assigned partitions. The offset fetch is retried on
    /// retriable errors (coordinator moving, request timed out): an exception here would leave
    /// the poll loop and stop the correlator, while reading the same offsets again is harmless.
    /// </summary>
    private List<TopicPartitionOffset> CommittedOffsets(IConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return consumer.Committed(partitions, s_requestTimeout);
            }
            catch (KafkaException failed) when (!failed.Error.IsFatal && attempt < OffsetFetchAttempts)
            {
                _consumeErrors++;
                Thread.Sleep(s_offsetFetchBackoff);
            }
        }
    }

    private List<TopicPartitionOffset> OnAssigned(IConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions)
    {
        var committed = CommittedOffsets(consumer, partitions);
        var start = new List<TopicPartitionOffset>(partitions.Count);
        foreach (var tp in partitions)
        {
            var stored = committed.Find(c => c.TopicPartition == tp);
            var next = stored is null || stored.Offset.IsSpecial ? 0 : stored.Offset.Value;
            var startAt = _owner.OnAssigned(tp.Partition.Value, next);
            _assigned.Add(tp.Partition.Value);
            start.Add(new TopicPartitionOffset(tp, startAt > 0 ? new Offset(startAt) : Offset.Beginning));
        }

        return start;
    }

    private void OnRevoked(List<TopicPartitionOffset> partitions, bool lost)
    {
        foreach (var tp in partitions)
        {
            _assigned.Remove(tp.Partition.Value);
            _owner.OnRevoked(tp.Partition.Value, lost);
        }
    }
}
