using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Telemetry.Cli.Pipeline;
using Telemetry.Kafka;
using Telemetry.Kafka.Frames;
using Telemetry.Kafka.Publishing;
using Telemetry.Ocpp.Events;
using Telemetry.Ocpp.Tap;

namespace Telemetry.Cli.Ingest;

/// <summary>
/// The raw-frame input of <c>telemetry ingest --from-topic T</c>: a member of the consumer group
/// <c>Gateway:RawFramesGroupId</c> on a topic of tap records or bare OCPP-J frames, parsed with
/// the file and TCP parser core (one parser per source partition) into <c>telemetry.events</c>,
/// rejects to <c>telemetry.deadletter</c>.
/// </summary>
/// <remarks>
/// <para>
/// At-least-once: every <c>Gateway:RawFramesCommitInterval</c> the publisher is flushed, and only
/// when everything produced was acknowledged are the positions read so far committed. A delivery
/// failure instead rewinds the partitions to their last commit and parses again. Each event
/// carries its <see cref="SourcePosition"/>, by which <c>telemetry process</c> drops the copies a
/// rewind or a crash re-produces.
/// </para>
/// <para>
/// That repeat check drops an event at or before the last applied position, so a failed event
/// re-produced after a later one of its partition was delivered would be lost. The publisher is
/// therefore built with <see cref="DeliveryGuarantees.Gapless"/> and <see cref="DeliveryGuarantees.WaitWhileDown"/>:
/// Kafka being down only holds the input back, and a message Kafka refuses for good stops the
/// producer before anything after it is delivered. This input then stops without committing
/// (<see cref="Failed"/>), and the next run re-reads from the last commit.
/// </para>
/// <para>
/// Back-pressure: when the publisher holds three quarters of <see cref="KafkaOptions.MaxQueuedMessages"/>
/// the partitions are paused (the group membership is kept by polling on), and resumed below a
/// quarter. The publisher is this input's own, so a flush waits only for its messages.
/// </para>
/// </remarks>
internal sealed partial class RawFrameIngest : IRawPartitionOwner, IDisposable
{
    /// <summary>What this input's publisher must guarantee (see the remarks): the command and the tests build it so.</summary>
    public const DeliveryGuarantees PublisherGuarantees = DeliveryGuarantees.WaitWhileDown | DeliveryGuarantees.Gapless;

    private static readonly TimeSpan s_pollTimeout = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan s_publishInterval = TimeSpan.FromSeconds(1);

    private readonly KafkaPublisher _publisher;
    private readonly GatewayMetrics _metrics = new();
    private readonly TapReaderOptions _tap;
    private readonly GatewayOptions _options;
    private readonly ILogger _logger;
    private readonly RawFrameConsumer _consumer;
    private readonly Dictionary<int, RawPartition> _partitions = [];
    private readonly KafkaDeadLetters _deadLetters;
    private readonly string _sourcePrefix;
    private readonly long _pauseAt;
    private readonly long _resumeAt;
    private long _errorsSeen;
    private long _records;
    private long _commits;
    private long _rewinds;
    private long _pauses;
    private volatile bool _failed;

    public RawFrameIngest(
        string bootstrapServers, KafkaPublisher publisher, KafkaOptions kafka, TapReaderOptions tap, GatewayOptions options, string topic, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(publisher);
        ArgumentNullException.ThrowIfNull(kafka);
        ArgumentNullException.ThrowIfNull(options);
        _publisher = publisher;
        _tap = tap;
        _options = options;
        _logger = logger;
        _sourcePrefix = $"kafka:{topic}/";
        _pauseAt = Math.Max(1, kafka.MaxQueuedMessages * 3L / 4);
        _resumeAt = kafka.MaxQueuedMessages / 4;
        _errorsSeen = publisher.DeliveryErrors;
        Producer = new SourcedEventProducer(publisher, kafka, topic, new TextCodeRegistry());
        _deadLetters = new KafkaDeadLetters(publisher, kafka.DeadLetterTopic, "kafka:" + topic);
        _consumer = new RawFrameConsumer(bootstrapServers, kafka, topic, options.RawFramesGroupId, this);
    }

    public ChargerRegistry Chargers { get; } = new();

    public SourcedEventProducer Producer { get; }

    public KafkaDeadLetters DeadLetters => _deadLetters;

    public LabelledCounts Ingested { get; } = PipelineMetrics.Ingested();

    public LabelledCounts Rejected { get; } = PipelineMetrics.Rejected();

    /// <summary>Raw records read (each gives its events or one dead letter).</summary>
    public long Records => Interlocked.Read(ref _records);

    /// <summary>Commits of read positions to the group.</summary>
    public long Commits => Interlocked.Read(ref _commits);

    /// <summary>Times partitions were read again from their last commit after a delivery failure.</summary>
    public long Rewinds => Interlocked.Read(ref _rewinds);

    /// <summary>Times fetching was paused because the producer's queue was filling.</summary>
    public long Pauses => Interlocked.Read(ref _pauses);

    /// <summary>
    /// True once the producer stopped for good (<see cref="KafkaPublisher.FatalError"/>): this
    /// input then stopped without committing what was read after its last commit.
    /// </summary>
    public bool Failed => _failed;

    /// <summary>Partitions owned now (read on the consuming thread, or approximately from others).</summary>
    public int Assigned => _consumer.AssignedCount;

    /// <summary>Consumes on a thread of its own until <paramref name="cancellationToken"/> fires, then commits what was delivered and leaves the group.</summary>
    public Task RunAsync(CancellationToken cancellationToken) =>
        Task.Factory.StartNew(() => Run(cancellationToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>The dead-letter source of a record: <c>kafka:TOPIC/PARTITION@OFFSET</c>.</summary>
    public string SourceOf(int partition, long offset) =>
        string.Create(CultureInfo.InvariantCulture, $"{_sourcePrefix}{partition}@{offset}");

    public void Dispose()
    {
        _consumer.Dispose();
        _deadLetters.Dispose();
    }

    void IRawPartitionOwner.OnAssigned(int partition)
    {
        _partitions[partition] = new RawPartition(NewParser());
        LogAssigned(_consumer.Topic, partition);
    }

    void IRawPartitionOwner.OnRevoked(int partition, bool lost)
    {
        if (!lost && _partitions.ContainsKey(partition))
        {
            // Hand the partition over at a committed position, so the next owner repeats little.
            TryCommit(only: partition);
        }

        _partitions.Remove(partition);
        LogRevoked(_consumer.Topic, partition, lost);
    }

    private void Run(CancellationToken cancellationToken)
    {
        _consumer.Subscribe();
        var lastCommit = Stopwatch.GetTimestamp();
        var lastPublish = lastCommit;
        while (!cancellationToken.IsCancellationRequested && !StoppedByFatalError())
        {
            ApplyBackPressure();
            var result = _consumer.Consume(s_pollTimeout);
            if (result is not null && _partitions.TryGetValue(result.Partition.Value, out var owned))
            {
                try
                {
                    Read(owned, result.Partition.Value, result.Offset.Value, result.Message);
                }
                catch (Confluent.Kafka.KafkaException) when (_publisher.FatalError is not null)
                {
                    // The producer stopped for good; the loop's check ends the run.
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    // Stopping while the queue is full (Kafka down): the record is read again after the last commit.
                    break;
                }
            }

            if (Stopwatch.GetElapsedTime(lastCommit) >= _options.RawFramesCommitInterval)
            {
                lastCommit = Stopwatch.GetTimestamp();
                TryCommit(only: -1);
            }

            if (Stopwatch.GetElapsedTime(lastPublish) >= s_publishInterval)
            {
                lastPublish = Stopwatch.GetTimestamp();
                Ingested.Publish();
                Rejected.Publish();
                _metrics.PublishProducer(_publisher);
            }
        }

        if (!_failed)
        {
            TryCommit(only: -1);
        }

        Ingested.Publish();
        Rejected.Publish();
        _metrics.PublishProducer(_publisher);
        LogStopped(_consumer.Topic, Records, Ingested.Total, Rejected.Total, Commits);
    }

    private bool StoppedByFatalError()
    {
        if (_publisher.FatalError is not { } error)
        {
            return false;
        }

        _failed = true;
        // Serves the reports of what was in flight, so that every undelivered message is counted.
        _publisher.Flush(_options.RawFramesFlushTimeout);
        LogFatal(_consumer.Topic, error.Reason, _publisher.DeliveryErrors);
        return true;
    }

    private void Read(RawPartition owned, int partition, long offset, Confluent.Kafka.Message<byte[], byte[]> message)
    {
        if (owned.Start < 0)
        {
            owned.Start = offset;
        }

        var handler = new RawFrameHandler(this, partition, offset);
        owned.Parser.Parse(message, ref handler);
        owned.Next = offset + 1;
        Interlocked.Increment(ref _records);
    }

    private void ApplyBackPressure()
    {
        if (!_consumer.Paused)
        {
            if (_publisher.InFlight >= _pauseAt)
            {
                _consumer.Pause();
                Interlocked.Increment(ref _pauses);
            }

            return;
        }

        _publisher.Poll();
        if (_publisher.InFlight <= _resumeAt)
        {
            _consumer.Resume();
        }
    }

    /// <summary>Commits every owned partition's position (or only <paramref name="only"/> when not -1) once all produced so far is delivered.</summary>
    private void TryCommit(int only)
    {
        var positions = new List<(int Partition, long Next)>();
        foreach (var (partition, owned) in _partitions)
        {
            if ((only < 0 || partition == only) && owned.HasUncommitted)
            {
                positions.Add((partition, owned.Next));
            }
        }

        if (positions.Count == 0 || _publisher.FatalError is not null)
        {
            return;
        }

        if (!_publisher.Flush(_options.RawFramesFlushTimeout))
        {
            LogNotDelivered(_publisher.InFlight, _options.RawFramesFlushTimeout.TotalSeconds);
            return;
        }

        var errors = _publisher.DeliveryErrors;
        if (errors != _errorsSeen)
        {
            _errorsSeen = errors;
            Rewind();
            return;
        }

        try
        {
            _consumer.Commit(positions);
        }
        catch (Confluent.Kafka.KafkaException e)
        {
            // Not committed: the records are delivered, and a later commit or a re-read covers them.
            LogCommitFailed(e.Error.Reason);
            return;
        }

        foreach (var (partition, next) in positions)
        {
            _partitions[partition].Committed = next;
        }

        Interlocked.Increment(ref _commits);
    }

    /// <summary>Something produced was not delivered: read every owned partition again from its last commit.</summary>
    private void Rewind()
    {
        Interlocked.Increment(ref _rewinds);
        foreach (var (partition, owned) in _partitions)
        {
            var from = owned.Committed >= 0 ? owned.Committed : owned.Start;
            if (from < 0 || !owned.HasUncommitted)
            {
                continue;
            }

            LogRewind(_consumer.Topic, partition, from);
            _consumer.Seek(partition, from);
            owned.Parser = NewParser();
            owned.Start = -1;
            owned.Next = from;
        }
    }

    private RawFrameParser NewParser() => new(Chargers, Producer.TextCodes, _tap);

    [LoggerMessage(Level = LogLevel.Information, Message = "Raw frames: assigned {Topic} partition {Partition}")]
    private partial void LogAssigned(string topic, int partition);

    [LoggerMessage(Level = LogLevel.Information, Message = "Raw frames: revoked {Topic} partition {Partition} (lost: {Lost})")]
    private partial void LogRevoked(string topic, int partition, bool lost);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Raw frames: {InFlight} messages still unacknowledged after {Seconds} s (Gateway:RawFramesFlushTimeout); positions not committed")]
    private partial void LogNotDelivered(long inFlight, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Raw frames: delivery failed; reading {Topic} partition {Partition} again from offset {Offset}")]
    private partial void LogRewind(string topic, int partition, long offset);

    [LoggerMessage(Level = LogLevel.Error, Message = "Raw frames from {Topic}: Kafka refused a delivery for good ({Reason}; {Errors} messages not delivered); stopping without committing, a restart reads again from the last commit")]
    private partial void LogFatal(string topic, string reason, long errors);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Raw frames: offset commit failed: {Reason}")]
    private partial void LogCommitFailed(string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Raw frames from {Topic} stopped: {Records} records, {Events} events, {Rejected} dead letters, {Commits} commits")]
    private partial void LogStopped(string topic, long records, long events, long rejected, long commits);
}
