using Confluent.Kafka;
using Telemetry.Kafka.Codec;
using Telemetry.Kafka.Frames;
using Telemetry.Ocpp.Events;

namespace Telemetry.Kafka.Events;

/// <summary>
/// A member of the consumer group that reads the events topic: partitions are spread over the
/// members with the cooperative-sticky strategy, so a rebalance moves only the partitions that
/// must move, and the others keep being read.
/// </summary>
/// <remarks>
/// Offsets are never committed to Kafka: whoever applies the events (e.g. the exactly-once sink)
/// stores them with its results, and <see cref="IPartitionOwner.OnAssigned"/> says where to
/// start. Records are decoded and handed to a struct receiver. Not thread-safe: one consuming
/// thread, on which the owner's callbacks also run.
/// Key and value are decoded by the client's deserializers (<see cref="ChargerKeyDeserializer"/>,
/// <see cref="EventValueDeserializer"/>) straight from its buffer: no byte arrays are made per
/// record, which was a third of what consuming allocated. A value is decoded even when its key
/// is bad, so the text of a skipped record may be interned.
/// </remarks>
public sealed class GroupEventConsumer : IDisposable
{
    private static readonly TimeSpan s_requestTimeout = TimeSpan.FromSeconds(10);

    private readonly IConsumer<int, DecodedEvent> _consumer;
    private readonly IPartitionOwner _owner;
    private readonly string _topic;
    private readonly SortedSet<int> _assigned = [];
    private long _consumed;
    private long _decodeErrors;
    private long _rebalances;
    private long _consumeErrors;
    private long _clientErrors;

    public GroupEventConsumer(string bootstrapServers, KafkaOptions options, IPartitionOwner owner)
    {
        ArgumentException.ThrowIfNullOrEmpty(bootstrapServers);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(owner);
        // The database holds the truth of what was applied, not the group's offsets.
        var config = ConsumerSettings.Create(bootstrapServers, options, "telemetry-process", options.GroupId, groupMember: true);
        // Of a result's optional fields only the headers are read (the raw-frame source): no
        // topic name string or timestamp made for every record.
        config.ConsumeResultFields = "headers";
        _topic = options.EventsTopic;
        _owner = owner;
        _consumer = new ConsumerBuilder<int, DecodedEvent>(config)
            .SetKeyDeserializer(new ChargerKeyDeserializer(Chargers))
            .SetValueDeserializer(new EventValueDeserializer(TextCodes))
            .SetPartitionsAssignedHandler((_, partitions) => OnAssigned(partitions))
            .SetPartitionsRevokedHandler((_, partitions) => OnRevoked(partitions, lost: false))
            .SetPartitionsLostHandler((_, partitions) => OnRevoked(partitions, lost: true))
            .SetErrorHandler((_, _) => Interlocked.Increment(ref _clientErrors))
            .Build();
    }

    /// <summary>The charge point ids seen in record keys; <see cref="TelemetryEvent.Charger"/> indexes it.</summary>
    public ChargerRegistry Chargers { get; } = new();

    /// <summary>The texts carried by values; <see cref="TelemetryEvent.TextCode"/> indexes it.</summary>
    public TextCodeRegistry TextCodes { get; } = new();

    /// <summary>The partitions this member owns now, in order.</summary>
    public IReadOnlyCollection<int> Assigned => _assigned;

    /// <summary>Events decoded and handed to the receiver.</summary>
    public long Consumed => Volatile.Read(ref _consumed);

    /// <summary>Records skipped because their key or value did not decode.</summary>
    public long DecodeErrors => Volatile.Read(ref _decodeErrors);

    /// <summary>Transient consume errors (failed fetches) the client recovers from.</summary>
    public long ConsumeErrors => Volatile.Read(ref _consumeErrors);

    /// <summary>
    /// Errors the client reported on its own threads (a broker unreachable, a connection lost):
    /// while they occur, cached watermarks may be stale.
    /// </summary>
    public long ClientErrors => Interlocked.Read(ref _clientErrors);

    /// <summary>
    /// The high watermark of <paramref name="partition"/> as the last fetch response reported it
    /// (no broker round trip), or -1 when none has been seen yet.
    /// </summary>
    public long CachedEndOffset(int partition)
    {
        var high = _consumer.GetWatermarkOffsets(new TopicPartition(_topic, partition)).High;
        return high.IsSpecial ? -1 : high.Value;
    }

    /// <summary>Assignments and revocations seen (each callback counts once).</summary>
    public long Rebalances => Volatile.Read(ref _rebalances);

    /// <summary>
    /// The <see cref="SourcePosition"/> header value of the record being handed to the receiver,
    /// or null when it has none (events not parsed from a raw-frame topic).
    /// </summary>
    public byte[]? CurrentSource { get; private set; }

    /// <summary>Joins the group; partitions arrive through the owner during <see cref="Consume{TReceiver}"/>.</summary>
    public void Subscribe() => _consumer.Subscribe(_topic);

    /// <summary>Polls once for up to <paramref name="timeout"/> and hands a record, if any, to the receiver.</summary>
    /// <returns>True when a record was read (decoded or skipped).</returns>
    public bool Consume<TReceiver>(ref TReceiver receiver, TimeSpan timeout)
        where TReceiver : struct, IGroupEventReceiver
    {
        ConsumeResult<int, DecodedEvent>? result;
        try
        {
            result = _consumer.Consume(timeout);
        }
        catch (ConsumeException failed) when (!failed.Error.IsFatal)
        {
            // A failed fetch (broker gone, leader moved) is retried by the client from the same
            // position; nothing was handed out, so nothing is skipped.
            _consumeErrors++;
            return false;
        }

        if (result is null || result.IsPartitionEOF)
        {
            return false;
        }

        var partition = result.Partition.Value;
        var offset = result.Offset.Value;
        CurrentSource = result.Message.Headers is { } headers && headers.TryGetLastBytes(SourcePosition.HeaderName, out var source) ? source : null;
        var charger = result.Message.Key;
        var decoded = result.Message.Value;
        if (charger < 0 || decoded.Status != EventDecodeStatus.Ok)
        {
            _decodeErrors++;
            receiver.OnSkipped(partition, offset);
            return true;
        }

        var e = decoded.Event;
        e.Charger = charger;
        _consumed++;
        receiver.OnEvent(in e, partition, offset);
        return true;
    }

    /// <summary>The high watermark of <paramref name="partition"/>: the offset the next produced record will get.</summary>
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

    private List<TopicPartitionOffset> OnAssigned(List<TopicPartition> partitions)
    {
        _rebalances++;
        var start = new List<TopicPartitionOffset>(partitions.Count);
        foreach (var tp in partitions)
        {
            var offset = _owner.OnAssigned(tp.Partition.Value);
            _assigned.Add(tp.Partition.Value);
            start.Add(new TopicPartitionOffset(tp, offset <= 0 ? Offset.Beginning : new Offset(offset)));
        }

        return start;
    }

    private void OnRevoked(List<TopicPartitionOffset> partitions, bool lost)
    {
        _rebalances++;
        foreach (var tp in partitions)
        {
            _assigned.Remove(tp.Partition.Value);
            _owner.OnRevoked(tp.Partition.Value, lost);
        }
    }
}
