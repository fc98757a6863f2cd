using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;
using Telemetry.Cli.Pipeline;
using Telemetry.Engine;
using Telemetry.Engine.Inventory;
using Telemetry.Kafka;
using Telemetry.Kafka.Events;
using Telemetry.Ocpp.Events;
using Telemetry.Timescale.Sink;

namespace Telemetry.Cli.Processing;

/// <summary>
/// One member of the <c>telemetry process</c> consumer group: reads its partitions of
/// <c>telemetry.events</c> on one thread, runs each partition's detectors, and writes rollups,
/// signals, outages and sessions with the partition's next offset through the exactly-once sink.
/// </summary>
/// <remarks>
/// <para>
/// State restore by replay: on assignment the partition is read again from its earliest record
/// with outputs dropped up to the offset the database holds, which rebuilds exactly the detector
/// state the previous owner had there (the detectors depend only on the partition's events).
/// Serialised checkpoints (<c>detector_checkpoints</c>) would shorten this re-read; they are not
/// taken yet, so a partition's retention bounds how far back its state reaches.
/// </para>
/// <para>
/// Timers run on each partition's watermark, which advances with its events: a charger that goes
/// silent is seen offline once later events of its partition move the watermark, not by the wall
/// clock. Fleet-wide authorisation outages are judged per partition, so that a partition's
/// outputs do not depend on which other partitions share its worker.
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
    private bool _disposed;

    public ProcessWorker(
        string bootstrapServers,
        KafkaOptions kafka,
        NpgsqlDataSource dataSource,
        SinkOptions sinkOptions,
        DetectorOptions detectors,
        FleetInventory inventory,
        ILogger logger)
    {
        _kafka = kafka;
        _detectors = detectors;
        _inventory = inventory;
        _logger = logger;
        _consumer = new GroupEventConsumer(bootstrapServers, kafka, this);
        _sink = new ExactlyOnceSink(dataSource, kafka.GroupId, _consumer.Chargers, sinkOptions);
        _batching = new BatchingSink(_sink, sinkOptions);
    }

    /// <summary>Partitions owned now.</summary>
    public IReadOnlyCollection<int> Assigned => _consumer.Assigned;

    /// <summary>Events read (including those re-read to restore state).</summary>
    public long Consumed => _consumer.Consumed;

    /// <summary>Joins the group and processes until <paramref name="cancellationToken"/> fires; then commits what was processed.</summary>
    /// <param name="onPoll">Called after each poll, e.g. to publish readiness.</param>
    public async Task RunAsync(Action<ProcessWorker>? onPoll, CancellationToken cancellationToken)
    {
        _consumer.Subscribe();
        var receiver = new ProcessReceiver(this);
        while (!cancellationToken.IsCancellationRequested)
        {
            _consumer.Consume(ref receiver, s_pollTimeout);
            var started = Stopwatch.GetTimestamp();
            if (await _batching.CommitIfDueAsync(cancellationToken).ConfigureAwait(false))
            {
                ProcessMetrics.SinkFlushSeconds.Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
            }

            onPoll?.Invoke(this);
        }

        // Stop consuming, then commit everything processed: a restart resumes right after it.
        await FlushAsync().ConfigureAwait(false);
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
        }
        finally
        {
            await _batching.DisposeAsync().ConfigureAwait(false);
            foreach (var owned in _owned.Values)
            {
                owned.Dispose();
            }

            _owned.Clear();
        }
    }

    long IPartitionOwner.OnAssigned(int partition)
    {
        ProcessMetrics.Rebalances.Inc();
        var stored = _sink.ReadOffsetsAsync(_kafka.GroupId, _kafka.EventsTopic).GetAwaiter().GetResult();
        var resumeAt = stored.TryGetValue(partition, out var next) ? next : 0;
        // The fleet-wide authorisation view needs every partition's verdicts in one order: it
        // belongs to the correlator's stage, not to one worker's partitions.
        var context = new DetectionContext(_consumer.Chargers, _consumer.TextCodes, _inventory, _detectors);
        _owned[partition] = new OwnedPartition(new PartitionWorker(partition, context, rollupDirectory: null, bufferForDatabase: true), resumeAt);
        ProcessMetrics.AssignedPartitions.Set(_owned.Count);
        LogAssigned(partition, resumeAt);
        return 0;
    }

    void IPartitionOwner.OnRevoked(int partition, bool lost)
    {
        ProcessMetrics.Rebalances.Inc();

        // Commit what this partition produced before another member starts from the stored offset.
        FlushAsync().GetAwaiter().GetResult();
        if (_owned.Remove(partition, out var owned))
        {
            owned.Dispose();
        }

        ProcessMetrics.AssignedPartitions.Set(_owned.Count);
        LogRevoked(partition, lost);
    }

    internal void OnRecord(in TelemetryEvent e, int partition, long offset)
    {
        if (!_owned.TryGetValue(partition, out var owned) || offset < owned.Next)
        {
            return;
        }

        owned.Next = offset + 1;
        var worker = owned.Worker;
        worker.OnEvent(in e);
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

        Emit(owned, _batching.Batch);
        _batching.Batch.AdvanceOffset(_kafka.EventsTopic, partition, offset + 1);
    }

    internal void OnSkipped(int partition, long offset)
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
        foreach (var minute in worker.ChargerDatabaseBatch!)
        {
            batch.ChargerRollups.Add(SinkRows.Charger(minute));
        }
        foreach (var signal in worker.Signals)
        {
            batch.Signals.Add(SinkRows.Signal(signal, _inventory));
        }

        batch.Outages.AddRange(worker.Outages);
        foreach (var session in worker.Sessions)
        {
            batch.Sessions.Add(SinkRows.Session(session, _consumer.Chargers, _consumer.TextCodes));
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Assigned partition {Partition}; the database has applied it up to offset {Offset}")]
    private partial void LogAssigned(int partition, long offset);

    [LoggerMessage(Level = LogLevel.Information, Message = "Revoked partition {Partition} (lost: {Lost})")]
    private partial void LogRevoked(int partition, bool lost);
}
