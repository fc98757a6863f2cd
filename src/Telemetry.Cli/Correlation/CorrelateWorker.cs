using System.Buffers;
using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Telemetry.Cli.Hosting;
using Telemetry.Decide.Incidents;
using Telemetry.Decide.Policy;
using Telemetry.Engine;
using Telemetry.Engine.Inventory;
using Telemetry.Kafka;
using Telemetry.Kafka.Publishing;
using Telemetry.Kafka.Signals;
using Telemetry.Ocpp.Events;
using Telemetry.Timescale.Sink;

namespace Telemetry.Cli.Correlation;

/// <summary>
/// One member of the <c>telemetry correlate</c> consumer group: reads its partitions of the
/// decisions topic on one thread, one <see cref="CorrelatedPartition"/> each, and publishes
/// incidents and commands.
/// </summary>
/// <remarks>
/// State restore: every <see cref="CorrelateOptions.CheckpointInterval"/>, once everything
/// before its offset is delivered and committed, and on revocation and shutdown, a partition's
/// state is written to the checkpoints topic (<see cref="CorrelateCheckpointStore"/>). An
/// assigned partition restores the newest checkpoint at or before the group's committed offset
/// and is read from its offset; without one (or when it is refused) it is read from its
/// earliest retained record. Either way outputs are suppressed before the committed offset,
/// which rebuilds the state the previous owner had there. Offsets are committed once the producer has delivered every output
/// of the records before them; outputs recomputed after a crash in between are published again
/// with the same CloudEvents <c>id</c>, for consumers to drop (<c>source</c> + <c>id</c>).
/// With a <see cref="CorrelateDatabase"/> the outputs also go to the database
/// (<see cref="DatabaseDecisionSink"/>), every row stored before the offsets it follows from are committed.
/// Every <see cref="CorrelateOptions.TimerTick"/> the wall clock may release a caught-up
/// partition whose sources fell silent (<see cref="CorrelateClock"/>).
/// </remarks>
internal sealed partial class CorrelateWorker : IDecisionPartitionOwner, IDisposable
{
    private static readonly TimeSpan s_pollTimeout = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan s_commitEvery = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan s_flushTimeout = TimeSpan.FromSeconds(30);

    private readonly KafkaOptions _kafka;
    private readonly EscalationPolicyOptions _policy;
    private readonly DetectorOptions _detectors;
    private readonly FleetInventory _inventory;
    private readonly KafkaPublisher _publisher;
    private readonly KafkaDecisionSink _output;
    private readonly DatabaseDecisionSink? _database;
    private readonly ILogger _logger;
    private readonly DecisionConsumer _consumer;
    private readonly ChargerRegistry _chargers = new();
    private readonly TextCodeRegistry _texts = new();
    private readonly Dictionary<int, CorrelatedPartition> _owned = [];
    private readonly Dictionary<int, long> _committed = [];
    private readonly CorrelateOptions _correlate;
    private readonly TimeProvider _time;
    private readonly CorrelateCheckpointStore? _checkpoints;
    private readonly Dictionary<int, long> _checkpointedAt = [];
    private readonly Dictionary<int, long> _checkpointedOffset = [];
    private readonly CorrelateReadiness _readiness;
    private readonly ProducerMetrics _producerMetrics = new();
    private long _committedAt = Stopwatch.GetTimestamp();
    private long _lastTick;
    private bool _undelivered;
    private bool _disposed;

    public CorrelateWorker(
        string bootstrapServers,
        KafkaOptions kafka,
        EscalationPolicyOptions policy,
        DetectorOptions detectors,
        FleetInventory inventory,
        KafkaPublisher publisher,
        ILogger logger,
        CorrelateOptions? correlate = null,
        TimeProvider? time = null,
        CorrelateDatabase? database = null)
    {
        ArgumentNullException.ThrowIfNull(kafka);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(detectors);
        policy.Validate();
        _correlate = correlate ?? new CorrelateOptions();
        _correlate.Validate();
        _time = time ?? TimeProvider.System;
        _lastTick = _time.GetTimestamp();
        _kafka = kafka;
        _policy = policy;
        _detectors = detectors;
        _inventory = inventory;
        _publisher = publisher;
        _logger = logger;
        _output = new KafkaDecisionSink(publisher, kafka);
        if (database is not null)
        {
            var sink = new ExactlyOnceSink(database.DataSource, kafka.CorrelateGroupId, _chargers, database.Sink);
            _database = new DatabaseDecisionSink(_output, new BatchingSink(sink, database.Sink));
        }

        _checkpoints = _correlate.CheckpointInterval > TimeSpan.Zero ? new CorrelateCheckpointStore(bootstrapServers, kafka) : null;
        _consumer = new DecisionConsumer(bootstrapServers, kafka, this);
        _readiness = new CorrelateReadiness(_correlate.ReadyMaxLag);
    }

    /// <summary>Assigned partitions restored from a checkpoint instead of re-read from their earliest record.</summary>
    public long CheckpointsRestored { get; private set; }

    /// <summary>Checkpoints written.</summary>
    public long CheckpointsWritten { get; private set; }

    /// <summary>Partitions owned now.</summary>
    public IReadOnlyCollection<int> Assigned => _consumer.Assigned;

    /// <summary>Records read (including those re-read to restore state).</summary>
    public long Consumed => _consumer.Consumed;

    /// <summary>Incident records published.</summary>
    public long Incidents => _output.Incidents;

    /// <summary>Command records published.</summary>
    public long Commands => _output.Commands;

    /// <summary>The partitions owned now, for inspection between polls.</summary>
    public IReadOnlyCollection<CorrelatedPartition> Partitions => _owned.Values;

    /// <summary>
    /// True while the worker owns partitions and each is at most <see cref="CorrelateOptions.ReadyMaxLag"/>
    /// records behind its high watermark, as of the last timer tick and the watermarks the
    /// consumer last fetched (a partition with no watermark known yet counts as behind).
    /// </summary>
    public bool CaughtUp { get; private set; }

    /// <summary>
    /// Joins the group and correlates until <paramref name="cancellationToken"/> fires; then waits
    /// up to <see cref="CorrelateOptions.ShutdownTimeout"/> for Kafka to acknowledge every output
    /// and commits (and checkpoints) what was delivered.
    /// </summary>
    /// <param name="onPoll">Called after each poll, e.g. to publish readiness.</param>
    /// <returns>False when outputs were still unacknowledged at the timeout, or refused: nothing after the last commit is committed.</returns>
    public bool Run(Action<CorrelateWorker>? onPoll, CancellationToken cancellationToken)
    {
        _consumer.Subscribe();
        var receiver = new CorrelateReceiver(this);
        while (!cancellationToken.IsCancellationRequested)
        {
            _consumer.Consume(ref receiver, s_pollTimeout);
            _database?.CommitIfDue();
            OnTimerTick();
            if (Stopwatch.GetElapsedTime(_committedAt) >= s_commitEvery)
            {
                Commit();
            }

            onPoll?.Invoke(this);
        }

        CaughtUp = false;
        var stopping = Stopwatch.GetTimestamp();
        var flushed = _publisher.Flush(_correlate.ShutdownTimeout);
        _producerMetrics.Publish(_publisher);
        if (!flushed || _publisher.DeliveryErrors > 0)
        {
            // Leaving the group must not commit past outputs not delivered: a new owner publishes them again.
            _undelivered = true;
            return false;
        }

        Commit();
        // Also the rows of outputs no record's offset accounts for (those the wall clock released).
        _database?.Flush();
        var left = _correlate.ShutdownTimeout - Stopwatch.GetElapsedTime(stopping);
        CheckpointAll(force: true, left > TimeSpan.Zero ? left : TimeSpan.Zero);
        return true;
    }

    /// <summary>Leaves the group (committing the partitions it hands back).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            _consumer.Dispose();
        }
        finally
        {
            _database?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            _output.Dispose();
            _checkpoints?.Dispose();
        }
    }

    long IDecisionPartitionOwner.OnAssigned(int partition, long committed)
    {
        CorrelateMetrics.Rebalances.Inc();
        var owned = NewPartition(partition, committed);
        var startAt = 0L;
        if (_checkpoints is not null && committed > 0 && ReadCheckpoint(partition, committed) is { } checkpoint)
        {
            try
            {
                owned.RestoreCheckpoint(checkpoint.Checkpoint);
                if (owned.Next != checkpoint.Offset)
                {
                    throw new InvalidDataException($"it reflects offset {owned.Next}, not the {checkpoint.Offset} it was stored with");
                }

                startAt = owned.Next;
                CheckpointsRestored++;
                CorrelateMetrics.CheckpointRestores.Inc();
            }
            catch (InvalidDataException e)
            {
                // A refused restore may have left part of the state behind: start over with a fresh partition.
                LogCheckpointRefused(partition, checkpoint.Offset, e.Message);
                owned = NewPartition(partition, committed);
            }
        }

        _owned[partition] = owned;
        _committed[partition] = committed;
        _readiness.OnAssigned(partition);
        _checkpointedAt[partition] = _time.GetTimestamp();
        _checkpointedOffset[partition] = startAt;
        CorrelateMetrics.AssignedPartitions.Set(_owned.Count);
        LogAssigned(partition, committed, startAt);
        return startAt;
    }

    private (long Offset, byte[] Checkpoint)? ReadCheckpoint(int partition, long committed)
    {
        try
        {
            return _checkpoints!.ReadLatest(partition, committed);
        }
        catch (KafkaException e)
        {
            // The topic missing or the broker not answering costs a full re-read, not the assignment.
            LogCheckpointRefused(partition, committed, e.Message);
            return null;
        }
    }

    private CorrelatedPartition NewPartition(int partition, long committed) =>
        new(partition, _kafka.Partitions, committed, _policy, _detectors, _inventory, _chargers, _texts, _database ?? (IDecisionSink)_output, NewClock());

    void IDecisionPartitionOwner.OnRevoked(int partition, bool lost)
    {
        CorrelateMetrics.Rebalances.Inc();
        if (!lost && !_undelivered && _database?.Failed != true)
        {
            Commit();
            if (_owned.TryGetValue(partition, out var owned))
            {
                Checkpoint(partition, owned, _time.GetTimestamp(), force: true);
                _checkpoints?.Flush(s_flushTimeout);
            }
        }

        _owned.Remove(partition);
        _committed.Remove(partition);
        _checkpointedAt.Remove(partition);
        _checkpointedOffset.Remove(partition);
        _readiness.OnRevoked(partition);
        CorrelateMetrics.AssignedPartitions.Set(_owned.Count);
        LogRevoked(partition, lost);
    }

    internal void OnRecord(int partition, long offset, ReadOnlySpan<byte> value)
    {
        CorrelateMetrics.Records.Inc();
        if (!_owned.TryGetValue(partition, out var owned))
        {
            return;
        }

        var suppressed = owned.Suppressed;
        owned.OnRecord(offset, value);
        if (owned.Suppressed > suppressed)
        {
            CorrelateMetrics.SuppressedOutputs.Inc(owned.Suppressed - suppressed);
        }
    }

    /// <summary>
    /// The wall clock of a newly assigned partition, or null when it is off. A live source's
    /// watermark trails the wall clock by the publisher's hold-back (lateness + signal delay
    /// bound) and up to one watermark interval.
    /// </summary>
    private CorrelateClock? NewClock() =>
        _correlate.WallClockTimers
            ? new CorrelateClock(
                _time,
                _kafka.Partitions,
                _detectors.Availability.AllowedLateness + _kafka.SignalDelayBound + _kafka.DecisionsWatermarkInterval,
                _kafka.DecisionsWatermarkInterval,
                _correlate.LiveMaxDelay)
            : null;

    /// <summary>
    /// Every <see cref="CorrelateOptions.TimerTick"/>: lets the wall clock release the partitions
    /// whose sources fell silent, exports each partition's lag and the producer's queue, and
    /// judges readiness.
    /// </summary>
    private void OnTimerTick()
    {
        var now = _time.GetTimestamp();
        if (_time.GetElapsedTime(_lastTick, now) < _correlate.TimerTick)
        {
            return;
        }

        _lastTick = now;
        var caughtUp = _owned.Count > 0;
        foreach (var (partition, owned) in _owned)
        {
            // The end offset costs a request: asked only when the clock could move.
            if (owned.WallClockDue && owned.TickByWallClock(AtEnd(partition, owned)))
            {
                CorrelateMetrics.WallClockReleases.Inc();
            }

            caughtUp &= _readiness.Observe(partition, _consumer.CachedEndOffset(partition), owned.Next);
        }

        CaughtUp = caughtUp;
        _producerMetrics.Publish(_publisher);
    }

    private bool AtEnd(int partition, CorrelatedPartition owned)
    {
        try
        {
            return owned.Next >= _consumer.QueryEndOffset(partition);
        }
        catch (KafkaException)
        {
            // The broker cannot say: behind, as far as the clock is concerned.
            return false;
        }
    }

    /// <summary>Delivers every output produced so far, then commits each partition's next offset.</summary>
    private void Commit()
    {
        _committedAt = Stopwatch.GetTimestamp();
        var due = new List<KeyValuePair<int, long>>();
        var heldBack = 0L;
        foreach (var (partition, owned) in _owned)
        {
            heldBack = Math.Max(heldBack, owned.HeldBackMs);
            if (owned.Next > _committed[partition])
            {
                due.Add(new(partition, owned.Next));
            }
        }

        CorrelateMetrics.WatermarkLagSeconds.Set(heldBack / 1000.0);
        if (due.Count == 0)
        {
            return;
        }

        if (!_publisher.Flush(s_flushTimeout) || _publisher.DeliveryErrors > 0)
        {
            // Not committed: a restart recomputes and publishes these outputs again.
            throw new InvalidOperationException($"incidents or commands could not be delivered to {_kafka.IncidentsTopic} / {_kafka.CommandsTopic}.");
        }

        // The rows of the outputs before these offsets reach the database before the offsets
        // (and the checkpoints that follow them) are durable: a restart re-emits only what comes after.
        _database?.Flush();

        if (!_consumer.Commit(due))
        {
            CorrelateMetrics.CommitErrors.Inc();
            return;
        }

        foreach (var (partition, next) in due)
        {
            _committed[partition] = next;
        }

        CheckpointAll(force: false, s_flushTimeout);
    }

    /// <param name="flushTimeout">When <paramref name="force"/>d: how long to wait for the checkpoints to be acknowledged.</param>
    private void CheckpointAll(bool force, TimeSpan flushTimeout)
    {
        var now = _time.GetTimestamp();
        foreach (var (partition, owned) in _owned)
        {
            Checkpoint(partition, owned, now, force);
        }

        if (force)
        {
            _checkpoints?.Flush(flushTimeout);
        }
    }

    /// <summary>
    /// Writes the partition's state once its interval has passed, or when <paramref name="force"/>d:
    /// only when every record before it is delivered and committed (a new owner resumes from it
    /// without publishing again what came before), and not while it still re-reads what an
    /// earlier owner delivered.
    /// </summary>
    private void Checkpoint(int partition, CorrelatedPartition owned, long now, bool force)
    {
        if (_checkpoints is null || owned.Next == 0 || owned.Next != _committed[partition] || owned.Next == _checkpointedOffset[partition]
            || (!force && _time.GetElapsedTime(_checkpointedAt[partition], now) < _correlate.CheckpointInterval))
        {
            return;
        }

        var state = new ArrayBufferWriter<byte>();
        owned.WriteCheckpoint(state);
        _checkpoints.Write(partition, owned.Next, state.WrittenSpan);
        _checkpointedAt[partition] = now;
        _checkpointedOffset[partition] = owned.Next;
        CheckpointsWritten++;
        CorrelateMetrics.Checkpoints.Inc();
        CorrelateMetrics.CheckpointBytes.Observe(state.WrittenCount);
    }

    /// <summary>Published incidents not yet resolved in the owned partitions, by incident id.</summary>
    public IReadOnlyList<IncidentRecord> OpenIncidents()
    {
        var open = new List<IncidentRecord>();
        foreach (var owned in _owned.Values)
        {
            open.AddRange(owned.OpenIncidents());
        }

        open.Sort(static (x, y) => string.CompareOrdinal(x.Incident, y.Incident));
        return open;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Assigned partition {Partition}; rebuilding its state, outputs before offset {Offset} were delivered; reading from offset {StartAt}")]
    private partial void LogAssigned(int partition, long offset, long startAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checkpoint of decisions partition {Partition} at offset {Offset} not used ({Reason}); re-reading the partition from its earliest record")]
    private partial void LogCheckpointRefused(int partition, long offset, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Revoked partition {Partition} (lost: {Lost})")]
    private partial void LogRevoked(int partition, bool lost);
}
