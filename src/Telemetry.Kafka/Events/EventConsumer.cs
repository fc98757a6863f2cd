using System.Diagnostics.CodeAnalysis;
using Confluent.Kafka;
using Telemetry.Kafka.Codec;
using Telemetry.Ocpp.Events;

namespace Telemetry.Kafka.Events;

/// <summary>
/// Reads every partition of the events topic from the beginning, decodes each record and hands
/// it to a struct receiver; records that do not decode are counted and skipped. A partition
/// whose offsets do not run on from 0 (or, when asked, from the first one read) without a gap
/// fails the read (<see cref="InvalidOperationException"/>).
/// </summary>
/// <remarks>
/// Finite inputs end at offsets: <see cref="ConsumeUntil"/> stops once every partition has been
/// read up to the offsets it is given; <see cref="ConsumeUntilInputComplete"/> runs alongside a
/// producer and, once <see cref="CompleteInput"/> was called (after the producer flushed),
/// drains to the high watermarks read at that moment. The topic must exist when the consumer is
/// created; its partitions are assigned manually (no group membership). A partition's read
/// position is learnt from its records and from end-of-partition notices.
/// The producers of the events topic are idempotent and not transactional, so every partition's
/// offsets run 0, 1, 2, … with no holes. A record at any other offset than the next one means
/// records were lost to this reader: the broker no longer had them (a bounded log, such as the
/// embedded Kafka's, or retention) and the client jumped to the earliest it had
/// (<c>auto.offset.reset</c>). Counting on would report numbers over part of the input as if
/// they were the whole, so the read fails, naming the partition and both offsets. Not thread-safe,
/// except <see cref="CompleteInput"/> and the counters.
/// Key and value are decoded by the client's deserializers (<see cref="ChargerKeyDeserializer"/>,
/// <see cref="EventValueDeserializer"/>) straight from its buffer: no byte arrays are made per
/// record, which was a third of what consuming allocated. A value is decoded even when its key
/// is bad, so the text of a skipped record may be interned.
/// </remarks>
public sealed class EventConsumer : IDisposable
{
    private static readonly TimeSpan s_pollTimeout = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan s_requestTimeout = TimeSpan.FromSeconds(10);

    private readonly IConsumer<int, DecodedEvent> _consumer;
    private readonly IAdminClient _admin;
    private readonly string _topic;
    private readonly bool _fromZero;

    // Next offset to read, by partition; -1 until the partition's position is known.
    private long[] _next = [];
    private volatile bool _inputComplete;
    private long _consumed;
    private long _decodeErrors;

    /// <param name="fromZero">
    /// True when the read must cover the whole topic (replay's input); false when a reader only
    /// needs what the broker still holds, read without gaps (a benchmark draining a topic that
    /// outgrew the embedded Kafka's bounded log).
    /// </param>
    public EventConsumer(string bootstrapServers, KafkaOptions options, bool fromZero = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(bootstrapServers);
        ArgumentNullException.ThrowIfNull(options);
        // A finite read from the beginning keeps no position in the group.
        var config = ConsumerSettings.Create(bootstrapServers, options, "telemetry-events-consumer", options.GroupId, groupMember: false);
        config.EnablePartitionEof = true;
        // Partition and offset are all it reads of a result: no topic name string, headers or
        // timestamp made for every record.
        config.ConsumeResultFields = "none";
        _topic = options.EventsTopic;
        _fromZero = fromZero;
        _consumer = new ConsumerBuilder<int, DecodedEvent>(config)
            .SetKeyDeserializer(new ChargerKeyDeserializer(Chargers))
            .SetValueDeserializer(new EventValueDeserializer(TextCodes))
            .Build();
        _admin = new DependentAdminClientBuilder(_consumer.Handle).Build();
        // Every partition by manual assignment, not a group subscription: one reader of a finite
        // input needs no rebalance, and closing it then never waits on a group protocol.
        var partitions = Partitions(_admin.GetMetadata(_topic, s_requestTimeout));
        var assignment = new List<TopicPartitionOffset>(partitions);
        for (var partition = 0; partition < partitions; partition++)
        {
            assignment.Add(new TopicPartitionOffset(_topic, partition, Offset.Beginning));
        }

        _consumer.Assign(assignment);
    }

    /// <summary>The charge point ids seen in record keys; <see cref="TelemetryEvent.Charger"/> indexes it.</summary>
    public ChargerRegistry Chargers { get; } = new();

    /// <summary>The texts carried by values; <see cref="TelemetryEvent.TextCode"/> indexes it.</summary>
    public TextCodeRegistry TextCodes { get; } = new();

    /// <summary>Events decoded and handed to the receiver.</summary>
    public long Consumed => Volatile.Read(ref _consumed);

    /// <summary>Records skipped because their key or value did not decode.</summary>
    public long DecodeErrors => Volatile.Read(ref _decodeErrors);

    /// <summary>Says that the producer has flushed its last event; may be called from any thread.</summary>
    public void CompleteInput() => _inputComplete = true;

    /// <summary>The high watermark of every partition of the events topic, indexed by partition id.</summary>
    public long[] QueryEndOffsets()
    {
        var ends = new long[Partitions(_admin.GetMetadata(_topic, s_requestTimeout))];
        for (var partition = 0; partition < ends.Length; partition++)
        {
            ends[partition] = Watermarks.High(_consumer, new TopicPartition(_topic, partition), s_requestTimeout);
        }

        return ends;
    }

    /// <summary>Consumes until every partition has been read up to its offset in <paramref name="endOffsets"/>.</summary>
    /// <param name="endOffsets">Exclusive end offset by partition id, e.g. from <see cref="QueryEndOffsets"/>.</param>
    public void ConsumeUntil<TReceiver>(ReadOnlySpan<long> endOffsets, ref TReceiver receiver, CancellationToken cancellationToken)
        where TReceiver : struct, IEventReceiver
    {
        while (!Reached(endOffsets))
        {
            cancellationToken.ThrowIfCancellationRequested();
            ConsumeOne(ref receiver, s_pollTimeout);
        }
    }

    /// <summary>Consumes while the input is produced, then drains to the end offsets read after <see cref="CompleteInput"/>.</summary>
    public void ConsumeUntilInputComplete<TReceiver>(ref TReceiver receiver, CancellationToken cancellationToken)
        where TReceiver : struct, IEventReceiver
    {
        long[]? endOffsets = null;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (endOffsets is null && _inputComplete)
            {
                endOffsets = QueryEndOffsets();
            }

            if (endOffsets is not null && Reached(endOffsets))
            {
                return;
            }

            ConsumeOne(ref receiver, s_pollTimeout);
        }
    }

    /// <summary>
    /// One poll of at most <paramref name="timeout"/>: hands the receiver the record it returns,
    /// if any, for a reader that does its own work between records (e.g. a live clock).
    /// </summary>
    /// <returns>False when the poll timed out with nothing (no record, no end-of-partition notice).</returns>
    public bool Poll<TReceiver>(ref TReceiver receiver, TimeSpan timeout)
        where TReceiver : struct, IEventReceiver
        => ConsumeOne(ref receiver, timeout);

    public void Dispose()
    {
        try
        {
            // Leaves the group at once instead of after the session timeout.
            _consumer.Close();
        }
        finally
        {
            _admin.Dispose();
            _consumer.Dispose();
        }
    }

    private bool ConsumeOne<TReceiver>(ref TReceiver receiver, TimeSpan timeout)
        where TReceiver : struct, IEventReceiver
    {
        var result = _consumer.Consume(timeout);
        if (result is null)
        {
            return false;
        }

        var partition = result.Partition.Value;
        var offset = result.Offset.Value;
        if (partition >= _next.Length)
        {
            GrowPositions(partition + 1);
        }

        var expected = _next[partition] >= 0 ? _next[partition] : _fromZero ? 0 : offset;
        if (result.IsPartitionEOF)
        {
            // The end is where the reader stands: past the next offset, records in between were skipped.
            if (offset > expected)
            {
                ThrowGap(partition, expected, offset);
            }

            _next[partition] = Math.Max(_next[partition], offset);
            return true;
        }

        if (offset != expected)
        {
            ThrowGap(partition, expected, offset);
        }

        _next[partition] = offset + 1;
        var charger = result.Message.Key;
        var decoded = result.Message.Value;
        if (charger < 0 || decoded.Status != EventDecodeStatus.Ok)
        {
            _decodeErrors++;
            return true;
        }

        var e = decoded.Event;
        e.Charger = charger;
        _consumed++;
        receiver.OnEvent(in e, partition, offset);
        return true;
    }

    [DoesNotReturn]
    private void ThrowGap(int partition, long expected, long seen) =>
        throw new InvalidOperationException(
            $"{_topic} partition {partition}: expected offset {expected}, saw {seen}; records were lost before they were read (the broker no longer had them).");

    private bool Reached(ReadOnlySpan<long> endOffsets)
    {
        for (var partition = 0; partition < endOffsets.Length; partition++)
        {
            // An empty partition has nothing to wait for, even before its position is known.
            if (endOffsets[partition] <= 0)
            {
                continue;
            }

            if (partition >= _next.Length || _next[partition] < endOffsets[partition])
            {
                return false;
            }
        }

        return true;
    }

    private static int Partitions(Metadata metadata)
    {
        var topic = metadata.Topics.Count == 1 ? metadata.Topics[0] : null;
        if (topic is null || topic.Error.IsError || topic.Partitions.Count == 0)
        {
            throw new KafkaException(topic?.Error ?? new Error(Confluent.Kafka.ErrorCode.UnknownTopicOrPart));
        }

        return topic.Partitions.Count;
    }

    private void GrowPositions(int length)
    {
        var start = _next.Length;
        Array.Resize(ref _next, length);
        _next.AsSpan(start).Fill(-1);
    }
}
