using System.Buffers;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using Npgsql;
using Telemetry.Cli.Correlation;
using Telemetry.Cli.Pipeline;
using Telemetry.Engine;
using Telemetry.Engine.Checkpoints;
using Telemetry.Engine.Inventory;
using Telemetry.Kafka;
using Telemetry.Kafka.Events;
using Telemetry.Ocpp.Events;
using Telemetry.Timescale.Checkpoints;
using Telemetry.Timescale.Sink;

namespace Telemetry.Cli.Processing;

/// <summary>
/// One member of the <c>telemetry process</c> consumer group: reads its partitions of
/// <c>telemetry.events</c>, runs each partition's detectors, and writes rollups, signals, outages
/// and sessions with the partition's next offset through the exactly-once sink.
/// </summary>
/// <remarks>
/// <para>
/// Two threads: the consuming thread (the caller of <see cref="RunAsync"/>) polls Kafka, decodes,
/// and writes each record to a bounded <see cref="EventHandOff"/>; the detection thread reads it
/// and does everything else: detectors, sink batches and commits, checkpoints, decision
/// publishing, timers. So fetching and decoding overlap with detection, while every partition's
/// state stays single-threaded. Rebalances act on the detection thread too: the consuming thread
/// writes a marker behind the records already handed over and waits until the detection thread
/// has reached it and run the assignment or revocation, so offsets committed on revocation are
/// those of applied records. Charger and text ids reach the detection thread only inside handed
/// over records, after the consuming thread interned them; the registries only append, so the
/// detection side reads entries that are complete. The registries are written from the
/// detection side only while the consuming thread waits on a marker (checkpoint restore).
/// </para>
/// <para>
/// State restore: every <c>Processing:CheckpointInterval</c> a partition's detector state (and
/// its applied raw-frame sources) is checkpointed in the sink batch that carries its offset. On
/// assignment the newest checkpoint is restored and the partition read from its offset; without
/// a usable one the partition is read again from its earliest record. Either way outputs are
/// dropped up to the offset the database holds, which rebuilds exactly the detector state the
/// previous owner had there (the detectors depend only on the partition's events).
/// </para>
/// <para>
/// Timers run on each partition's watermark, which advances with its events and, while the
/// partition is caught up and idle, with the wall clock (<see cref="LiveClock"/>,
/// <c>Processing:WallClockTimers</c>): a charger that goes silent is seen offline when its
/// deadline passes, even if no later event arrives. Fleet-wide authorisation outages are judged
/// per partition, so that a partition's outputs do not depend on which other partitions share
/// its worker.
/// </para>
/// </remarks>
internal sealed partial class ProcessWorker : IPartitionOwner, IAsyncDisposable
{
    private static readonly TimeSpan s_pollTimeout = TimeSpan.FromMilliseconds(100);

    private readonly KafkaOptions _kafka;
    private readonly DetectorOptions _detectors;
    private readonly FleetInventory _inventory;
    private readonly ILogger _logger;
    private readonly GroupEventConsumer _consumer;
    private readonly ExactlyOnceSink _sink;
    private readonly BatchingSink _batching;
    private readonly Dictionary<int, OwnedPartition> _owned = [];
    private readonly DecisionPublisher? _decisions;
    private readonly DetectorCheckpointStore _checkpoints;
    private long _confirmedAt = Stopwatch.GetTimestamp();

    // One wait for deliveries serves a whole stop or rebalance: the final confirmation and each
    // revoked partition's would otherwise wait Processing:ShutdownTimeout in turn while Kafka
    // cannot take the outputs (nine times over for eight partitions). It ends once everything is
    // delivered or an event is applied.
    private bool _deliveryWaitOpen;
    private long _deliveryWaitStarted;
    private readonly ProcessingOptions _processing;
    private readonly TimeProvider _time;
    private long _lastTick;
    private long _clientErrorsSeen;
    private long _lastDisturbance;
    private readonly EventHandOff _handOff;
    private readonly TaskCompletionSource _detectionEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ManualResetEventSlim _controlDone = new();
    private Func<long>? _control;
    private long _controlResult;
    private Thread? _detection;
    private volatile bool _stopping;
    private volatile bool _caughtUp;
    private ExceptionDispatchInfo? _detectionFault;
    private bool _disposed;

    public ProcessWorker(
        string bootstrapServers,
        KafkaOptions kafka,
        NpgsqlDataSource dataSource,
        SinkOptions sinkOptions,
        DetectorOptions detectors,
        FleetInventory inventory,
        ILogger logger,
        DecisionPublisher? decisions = null,
        ProcessingOptions? processing = null,
        TimeProvider? time = null)
    {
        _processing = processing ?? new ProcessingOptions();
        _time = time ?? TimeProvider.System;
        _kafka = kafka;
        _detectors = detectors;
        _inventory = inventory;
        _logger = logger;
        _consumer = new GroupEventConsumer(bootstrapServers, kafka, this);
        _sink = new ExactlyOnceSink(dataSource, kafka.GroupId, _consumer.Chargers, sinkOptions);
        _batching = new BatchingSink(_sink, sinkOptions);
        _decisions = decisions;
        _checkpoints = new DetectorCheckpointStore(dataSource, kafka.GroupId);
        _handOff = new EventHandOff(_processing.HandOffCapacity);
    }

    /// <summary>Partitions owned now.</summary>
    public IReadOnlyCollection<int> Assigned => _consumer.Assigned;

    /// <summary>Events read (including those re-read to restore state).</summary>
    public long Consumed => _consumer.Consumed;

    /// <summary>Assigned partitions restored from a checkpoint instead of re-read from their start.</summary>
    public long CheckpointsRestored { get; private set; }

    /// <summary>
    /// True while the worker owns partitions and each is at most <see cref="ProcessingOptions.ReadyMaxLag"/>
    /// records behind its high watermark (as of the last timer tick; a partition with no
    /// watermark known yet counts as behind).
    /// </summary>
    public bool CaughtUp
    {
        get => _caughtUp;
        private set => _caughtUp = value;
    }

    /// <summary>Joins the group and processes until <paramref name="cancellationToken"/> fires; then commits what was processed.</summary>
    /// <param name="onPoll">Called on the consuming thread after each poll, e.g. to publish readiness.</param>
    public async Task RunAsync(Action<ProcessWorker>? onPoll, CancellationToken cancellationToken)
    {
        _consumer.Subscribe();
        _detection = new Thread(() => Detect(cancellationToken)) { IsBackground = true, Name = "telemetry-detect" };
        _detection.Start();
        var receiver = new HandOffReceiver(_handOff, _consumer);
        try
        {
            while (!cancellationToken.IsCancellationRequested && !_detectionEnded.Task.IsCompleted)
            {
                _consumer.Consume(ref receiver, s_pollTimeout);
                onPoll?.Invoke(this);
            }
        }
        catch (InvalidOperationException) when (_handOff.IsClosed)
        {
            // The detection thread failed while a record waited for room: its error is thrown below.
        }
        finally
        {
            // Nothing more is handed over: the detection thread drains what is there, commits it, and ends.
            _stopping = true;
            await _detectionEnded.Task.ConfigureAwait(false);
        }

        _detectionFault?.Throw();
    }

    /// <summary>Leaves the group (committing the partitions it hands back) and stops the sink.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            _consumer.Dispose();
            if (!_consumer.LeftInTime)
            {
                LogLeftLate(GroupExit.DefaultLimit.TotalSeconds);
            }
        }
        finally
        {
            await _batching.DisposeAsync().ConfigureAwait(false);
            foreach (var owned in _owned.Values)
            {
                owned.Dispose();
            }

            _owned.Clear();
            _handOff.Dispose();
            _controlDone.Dispose();
        }
    }

    /// <summary>
    /// The detection thread: applies handed-over records, runs timers, commits batches when due
    /// and confirms publications; once the consuming thread stopped, drains the hand-off and
    /// commits everything processed with each partition's state, so that a restart resumes right after it.
    /// </summary>
    private void Detect(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                ApplyHandedOver();
                OnTimerTick();
                CommitIfDue(cancellationToken);
                ConfirmPublished(wait: false);
                if (_stopping && _handOff.Count == 0)
                {
                    break;
                }

                _handOff.WaitToRead(s_pollTimeout);
            }

            ConfirmPublished(wait: true);
            var now = _time.GetTimestamp();
            foreach (var (partition, owned) in _owned)
            {
                Checkpoint(partition, owned, now, force: true);
            }

            FlushAsync().GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Rethrown on the consuming thread by RunAsync; a writer waiting for room is released.
            _detectionFault = ExceptionDispatchInfo.Capture(e);
            _handOff.Close();
        }
        finally
        {
            _detectionEnded.TrySetResult();
        }
    }

    private void ApplyHandedOver()
    {
        var records = _handOff.Peek();
        foreach (ref readonly var record in records)
        {
            switch (record.Kind)
            {
                case HandOffKind.Event:
                    _deliveryWaitOpen = false;
                    var e = record.Event;
                    OnRecord(in e, record.Partition, record.Offset, record.Source);
                    break;
                case HandOffKind.Skipped:
                    OnSkipped(record.Partition, record.Offset);
                    break;
                default:
                    RunControl();
                    break;
            }
        }

        _handOff.Release(records.Length);
    }

    private void CommitIfDue(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        bool committed;
        try
        {
            committed = _batching.CommitIfDueAsync(cancellationToken).AsTask().GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped while the sink's queue was full: the batch stays open and the final flush commits it.
            return;
        }

        if (committed)
        {
            ProcessMetrics.SinkFlushSeconds.Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }

    /// <summary>
    /// Runs a rebalance callback on the detection thread, after every record handed over before
    /// it, and waits for it; inline when no detection thread runs (before <see cref="RunAsync"/>,
    /// or once it has ended, e.g. while the consumer closes).
    /// </summary>
    private long OnDetectionThread(Func<long> action)
    {
        if (_detection is null || _detectionEnded.Task.IsCompleted)
        {
            _detectionFault?.Throw();
            return action();
        }

        _control = action;
        _controlDone.Reset();
        try
        {
            _handOff.WriteMarker();
        }
        catch (InvalidOperationException) when (_handOff.IsClosed)
        {
            _detectionFault?.Throw();
            throw;
        }

        while (!_controlDone.Wait(s_pollTimeout))
        {
            if (_detectionEnded.Task.IsCompleted)
            {
                break;
            }
        }

        _detectionFault?.Throw();
        if (!_controlDone.IsSet)
        {
            // The detection thread ended before it met the marker: the thread is gone, so the callback runs here.
            _control = null;
            return action();
        }

        return _controlResult;
    }

    private void RunControl()
    {
        var action = _control;
        _control = null;
        if (action is not null)
        {
            _controlResult = action();
            _controlDone.Set();
        }
    }

    long IPartitionOwner.OnAssigned(int partition) => OnDetectionThread(() => Assign(partition));

    void IPartitionOwner.OnRevoked(int partition, bool lost) => OnDetectionThread(() =>
    {
        Revoke(partition, lost);
        return 0;
    });

    private long Assign(int partition)
    {
        ProcessMetrics.Rebalances.Inc();
        var stored = _sink.ReadOffsetsAsync(_kafka.GroupId, _kafka.EventsTopic).GetAwaiter().GetResult();
        var resumeAt = stored.TryGetValue(partition, out var next) ? next : 0;
        // The fleet-wide authorisation view needs every partition's verdicts in one order: it
        // belongs to the correlator's stage, not to one worker's partitions.
        var publishedTo = long.MaxValue;
        if (_decisions is not null)
        {
            var published = _sink.ReadOffsetsAsync(_kafka.GroupId, _decisions.ProgressTopic).GetAwaiter().GetResult();
            publishedTo = published.TryGetValue(partition, out var to) ? to : 0;
            _decisions.OnAssigned(partition, publishedTo);
        }

        var owned = NewOwned(partition, resumeAt);
        var startAt = 0L;
        if (_processing.CheckpointInterval > TimeSpan.Zero)
        {
            // The newest one this owner can resume from: records after it are neither applied nor published.
            var checkpoint = _checkpoints.ReadLatestAsync(_kafka.EventsTopic, partition, Math.Min(resumeAt, publishedTo)).GetAwaiter().GetResult();
            if (checkpoint is null)
            {
                // Nothing checkpointed yet: the partition is read from its start.
            }
            else if (TryRestore(owned, checkpoint, out var reason))
            {
                startAt = checkpoint.Offset;
                ProcessMetrics.CheckpointRestores.Inc();
            }
            else
            {
                // A refused restore may have left part of the state behind: start over with a fresh worker.
                LogCheckpointRefused(partition, checkpoint.Offset, reason);
                owned.Dispose();
                owned = NewOwned(partition, resumeAt);
            }
        }

        owned.Next = startAt;
        owned.CheckpointedAt = _time.GetTimestamp();
        _owned[partition] = owned;
        ProcessMetrics.AssignedPartitions.Set(_owned.Count);
        LogAssigned(partition, resumeAt, startAt);
        return startAt;
    }

    private void Revoke(int partition, bool lost)
    {
        ProcessMetrics.Rebalances.Inc();

        // Commit what this partition produced, with its state, before another member starts from the stored offset.
        // Within the one wait of this stop or rebalance (DeliveryWaitLeft): leaving the group on
        // shutdown revokes every partition after the detection thread's last wait.
        ConfirmPublished(wait: true);
        if (_owned.Remove(partition, out var owned))
        {
            Checkpoint(partition, owned, _time.GetTimestamp(), force: true);
            FlushAsync().GetAwaiter().GetResult();
            owned.Dispose();
        }
        else
        {
            FlushAsync().GetAwaiter().GetResult();
        }

        _decisions?.OnRevoked(partition);

        // Another member reports the partition's lag from now on.
        ProcessMetrics.ConsumerLag.RemoveLabelled(ProcessMetrics.PartitionLabel(partition));
        ProcessMetrics.AssignedPartitions.Set(_owned.Count);
        LogRevoked(partition, lost);
    }

    private void OnRecord(in TelemetryEvent e, int partition, long offset, byte[]? source)
    {
        if (!_owned.TryGetValue(partition, out var owned) || offset < owned.Next)
        {
            return;
        }

        // A copy of an event already applied (ingest re-read its raw record after a crash): no
        // output, but its offset is consumed. Judged during restore too, so the state matches.
        if (owned.Sources.IsRepeat(source))
        {
            ProcessMetrics.RepeatedEvents.Inc();
            OnSkipped(partition, offset);
            return;
        }

        owned.Next = offset + 1;
        var worker = owned.Worker;
        worker.OnEvent(in e);
        _decisions?.Publish(partition, offset, in e, worker, _consumer.TextCodes);
        var now = _time.GetTimestamp();
        owned.Clock.OnEvent(e.TimestampMs, now);
        if (offset < owned.ResumeAt)
        {
            ProcessMetrics.RestoredEvents.Inc();
            Drop(owned);
            return;
        }

        if (worker.LateEvents.Count > 0)
        {
            ProcessMetrics.LateEvents.Inc(worker.LateEvents.Count);
        }

        ObserveLatency(worker);
        Emit(owned, _batching.Batch);
        _batching.Batch.AdvanceOffset(_kafka.EventsTopic, partition, offset + 1);
        // Taken with a record, so that the batch carries an offset the database has not applied:
        // the sink skips a batch whose offsets are all applied, checkpoint included.
        Checkpoint(partition, owned, now, force: false);
    }

    private void OnSkipped(int partition, long offset)
    {
        if (_owned.TryGetValue(partition, out var owned) && offset >= owned.Next)
        {
            owned.Next = offset + 1;
            if (offset >= owned.ResumeAt)
            {
                _batching.Batch.AdvanceOffset(_kafka.EventsTopic, partition, offset + 1);
            }
        }
    }

    /// <summary>
    /// Stores, with the next batch, how far each partition's published outputs are acknowledged
    /// by Kafka: a later owner re-publishes from there. Waits for acknowledgements when asked, or
    /// once a second when records keep the producer busy.
    /// </summary>
    private void ConfirmPublished(bool wait)
    {
        if (_decisions is null)
        {
            return;
        }

        // A short wait once a second keeps the poll loop going when Kafka is slow; revocation and shutdown wait up to Processing:ShutdownTimeout.
        var timeout = wait ? DeliveryWaitLeft() : Stopwatch.GetElapsedTime(_confirmedAt) > TimeSpan.FromSeconds(1) ? s_pollTimeout : TimeSpan.Zero;
        if (timeout > TimeSpan.Zero)
        {
            _confirmedAt = Stopwatch.GetTimestamp();
        }

        if (!_decisions.Delivered(timeout))
        {
            return;
        }

        _deliveryWaitOpen = false;

        foreach (var (partition, owned) in _owned)
        {
            if (_decisions.Confirm(partition, owned.Next))
            {
                _batching.Batch.AdvanceOffset(_decisions.ProgressTopic, partition, owned.Next);
            }
        }
    }

    /// <summary>What is left of the stop's or rebalance's one wait of <see cref="ProcessingOptions.ShutdownTimeout"/> for deliveries; starts it at the first call.</summary>
    private TimeSpan DeliveryWaitLeft()
    {
        if (!_deliveryWaitOpen)
        {
            _deliveryWaitOpen = true;
            _deliveryWaitStarted = _time.GetTimestamp();
        }

        var left = _processing.ShutdownTimeout - _time.GetElapsedTime(_deliveryWaitStarted);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    /// <summary>
    /// Every <see cref="ProcessingOptions.TimerTick"/>: exports each partition's lag, judges
    /// readiness, and moves idle caught-up partitions' stream time by the wall clock.
    /// </summary>
    private void OnTimerTick()
    {
        var now = _time.GetTimestamp();
        if (_time.GetElapsedTime(_lastTick, now) < _processing.TimerTick)
        {
            return;
        }

        _lastTick = now;
        var errors = _consumer.ClientErrors;
        if (errors != _clientErrorsSeen)
        {
            _clientErrorsSeen = errors;
            _lastDisturbance = now;
        }

        var caughtUp = _owned.Count > 0;
        foreach (var (partition, owned) in _owned)
        {
            var high = _consumer.CachedEndOffset(partition);
            var lag = high < 0 ? -1 : Math.Max(0, high - owned.Next);
            owned.Lag.Set(lag);
            caughtUp &= lag >= 0 && lag <= _processing.ReadyMaxLag;
            if (_processing.WallClockTimers)
            {
                AdvanceByWallClock(partition, owned, lag == 0 && owned.Next >= owned.ResumeAt, now);
            }

        }

        CaughtUp = caughtUp;
    }

    private void AdvanceByWallClock(int partition, OwnedPartition owned, bool caughtUp, long now)
    {
        var streamTime = owned.Clock.StreamTimeMs(caughtUp, now, _lastDisturbance);
        if (streamTime == long.MinValue)
        {
            return;
        }

        var worker = owned.Worker;
        worker.AdvanceTo(streamTime);
        if (worker.LateEvents.Count > 0)
        {
            ProcessMetrics.LateEvents.Inc(worker.LateEvents.Count);
        }

        _decisions?.PublishTick(partition, streamTime, worker, _consumer.TextCodes);
        ObserveLatency(worker);
        Emit(owned, _batching.Batch);
    }

    /// <summary>Event time → emission, for each signal about to be written.</summary>
    private void ObserveLatency(PartitionWorker worker)
    {
        if (worker.Signals.Count == 0)
        {
            return;
        }

        var nowMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var signal in worker.Signals)
        {
            ProcessMetrics.SignalLatencySeconds.Observe(Math.Max(0, nowMs - signal.TimestampMs) / 1000.0);
        }
    }

    private async Task FlushAsync()
    {
        var started = Stopwatch.GetTimestamp();
        await _batching.FlushAsync().ConfigureAwait(false);
        ProcessMetrics.SinkFlushSeconds.Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    private void Emit(OwnedPartition owned, SinkBatch batch)
    {
        var worker = owned.Worker;
        batch.ConnectorRollups.AddRange(worker.DatabaseBatch!);
        batch.ChargerRollups.AddRange(worker.ChargerDatabaseBatch!);
        foreach (var signal in worker.Signals)
        {
            batch.Signals.Add(SinkRows.Signal(signal, _inventory));
        }

        batch.Outages.AddRange(worker.Outages);
        foreach (var session in worker.Sessions)
        {
            batch.Sessions.Add(SinkRows.Session(session, worker.Chargers, _consumer.TextCodes));
        }

        Drop(owned);
    }

    private static void Drop(OwnedPartition owned)
    {
        var worker = owned.Worker;
        worker.DatabaseBatch!.Clear();
        worker.ChargerDatabaseBatch!.Clear();
        worker.Signals.Clear();
        worker.Outages.Clear();
        worker.Sessions.Clear();
        worker.LateEvents.Clear();
        worker.DecideEvents.Clear();
        worker.AuthEvents.Clear();
    }

    private OwnedPartition NewOwned(int partition, long resumeAt)
    {
        var context = new DetectionContext(_consumer.Chargers, _consumer.TextCodes, _inventory, _detectors);
        var lag = ProcessMetrics.ConsumerLag.WithLabels(ProcessMetrics.PartitionLabel(partition));
        lag.Set(-1); // unknown until the first tick reads the partition's watermark
        return new OwnedPartition(new PartitionWorker(partition, context, rollupDirectory: null, bufferForDatabase: true), resumeAt, new LiveClock(_time, _processing.LiveMaxDelay), lag);
    }

    /// <summary>
    /// Restores <paramref name="owned"/>'s fresh worker and applied sources from <paramref name="checkpoint"/>
    /// when it can stand in for re-reading the records before its offset: readable, not ahead of
    /// what the database applied, and not ahead of what the decision publisher has published
    /// (records it skips would not be published again).
    /// </summary>
    private bool TryRestore(OwnedPartition owned, DetectorCheckpoint checkpoint, out string reason)
    {
        if (checkpoint.FormatVersion != PartitionCheckpoint.FormatVersion)
        {
            reason = $"format version {checkpoint.FormatVersion}; this build reads {PartitionCheckpoint.FormatVersion}";
            return false;
        }

        try
        {
            owned.Worker.RestoreCheckpoint(checkpoint.State.Span, owned.Sources);
        }
        catch (InvalidDataException e)
        {
            reason = e.Message;
            return false;
        }

        CheckpointsRestored++;
        reason = string.Empty;
        return true;
    }

    /// <summary>
    /// Puts the partition's state in the batch with the offset of the next record it has not
    /// applied, once its interval has passed or when <paramref name="force"/>d (revocation, shutdown).
    /// Not while it is still re-reading what the database holds: its state is behind the stored offset.
    /// </summary>
    private void Checkpoint(int partition, OwnedPartition owned, long now, bool force)
    {
        if (_processing.CheckpointInterval <= TimeSpan.Zero || owned.Next < owned.ResumeAt || owned.Next == 0
            || (!force && _time.GetElapsedTime(owned.CheckpointedAt, now) < _processing.CheckpointInterval))
        {
            return;
        }

        owned.CheckpointedAt = now;
        var state = new ArrayBufferWriter<byte>();
        owned.Worker.WriteCheckpoint(state, owned.Sources);
        _batching.Batch.AdvanceOffset(_kafka.EventsTopic, partition, owned.Next);
        _batching.Batch.SetCheckpoint(new DetectorCheckpoint(_kafka.EventsTopic, partition, owned.Next, PartitionCheckpoint.FormatVersion, state.WrittenMemory, _time.GetUtcNow()));
        ProcessMetrics.Checkpoints.Inc();
        ProcessMetrics.CheckpointBytes.Observe(state.WrittenCount);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Assigned partition {Partition}; the database has applied it up to offset {Offset}; reading from offset {StartAt}")]
    private partial void LogAssigned(int partition, long offset, long startAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checkpoint of partition {Partition} at offset {Offset} not used ({Reason}); re-reading the partition from its start")]
    private partial void LogCheckpointRefused(int partition, long offset, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Revoked partition {Partition} (lost: {Lost})")]
    private partial void LogRevoked(int partition, bool lost);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The Kafka client did not close within {Seconds} s; leaving it behind (everything processed is committed; the group drops this member after its session timeout)")]
    private partial void LogLeftLate(double seconds);
}
