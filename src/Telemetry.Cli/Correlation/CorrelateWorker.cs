using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Telemetry.Decide.Incidents;
using Telemetry.Decide.Policy;
using Telemetry.Engine;
using Telemetry.Engine.Inventory;
using Telemetry.Kafka;
using Telemetry.Kafka.Publishing;
using Telemetry.Kafka.Signals;
using Telemetry.Ocpp.Events;

namespace Telemetry.Cli.Correlation;

/// <summary>
/// One member of the <c>telemetry correlate</c> consumer group: reads its partitions of the
/// decisions topic on one thread, one <see cref="CorrelatedPartition"/> each, and publishes
/// incidents and commands.
/// </summary>
/// <remarks>
/// State restore by replay: an assigned partition is read from its earliest retained record
/// with outputs suppressed before the group's committed offset, which rebuilds the state the
/// previous owner had there. Offsets are committed once the producer has delivered every output
/// of the records before them; outputs recomputed after a crash in between are published again
/// with the same CloudEvents <c>id</c>, for consumers to drop (<c>source</c> + <c>id</c>).
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
    private readonly ILogger _logger;
    private readonly DecisionConsumer _consumer;
    private readonly ChargerRegistry _chargers = new();
    private readonly TextCodeRegistry _texts = new();
    private readonly Dictionary<int, CorrelatedPartition> _owned = [];
    private readonly Dictionary<int, long> _committed = [];
    private readonly CorrelateOptions _correlate;
    private readonly TimeProvider _time;
    private long _committedAt = Stopwatch.GetTimestamp();
    private long _lastTick;
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
        TimeProvider? time = null)
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
        _consumer = new DecisionConsumer(bootstrapServers, kafka, this);
    }

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

    /// <summary>Joins the group and correlates until <paramref name="cancellationToken"/> fires; then commits what was delivered.</summary>
    /// <param name="onPoll">Called after each poll, e.g. to publish readiness.</param>
    public void Run(Action<CorrelateWorker>? onPoll, CancellationToken cancellationToken)
    {
        _consumer.Subscribe();
        var receiver = new CorrelateReceiver(this);
        while (!cancellationToken.IsCancellationRequested)
        {
            _consumer.Consume(ref receiver, s_pollTimeout);
            OnTimerTick();
            if (Stopwatch.GetElapsedTime(_committedAt) >= s_commitEvery)
            {
                Commit();
            }

            onPoll?.Invoke(this);
        }

        Commit();
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
            _output.Dispose();
        }
    }

    void IDecisionPartitionOwner.OnAssigned(int partition, long committed)
    {
        CorrelateMetrics.Rebalances.Inc();
        _owned[partition] = new CorrelatedPartition(
            partition, _kafka.Partitions, committed, _policy, _detectors, _inventory, _chargers, _texts, _output, NewClock());
        _committed[partition] = committed;
        CorrelateMetrics.AssignedPartitions.Set(_owned.Count);
        LogAssigned(partition, committed);
    }

    void IDecisionPartitionOwner.OnRevoked(int partition, bool lost)
    {
        CorrelateMetrics.Rebalances.Inc();
        if (!lost)
        {
            Commit();
        }

        _owned.Remove(partition);
        _committed.Remove(partition);
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

    /// <summary>Every <see cref="CorrelateOptions.TimerTick"/>: lets the wall clock release the partitions whose sources fell silent.</summary>
    private void OnTimerTick()
    {
        var now = _time.GetTimestamp();
        if (_time.GetElapsedTime(_lastTick, now) < _correlate.TimerTick)
        {
            return;
        }

        _lastTick = now;
        foreach (var (partition, owned) in _owned)
        {
            // The end offset costs a request: asked only when the clock could move.
            if (owned.WallClockDue && owned.TickByWallClock(CaughtUp(partition, owned)))
            {
                CorrelateMetrics.WallClockReleases.Inc();
            }
        }
    }

    private bool CaughtUp(int partition, CorrelatedPartition owned)
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

        if (!_consumer.Commit(due))
        {
            CorrelateMetrics.CommitErrors.Inc();
            return;
        }

        foreach (var (partition, next) in due)
        {
            _committed[partition] = next;
        }
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Assigned partition {Partition}; rebuilding its state, outputs before offset {Offset} were delivered")]
    private partial void LogAssigned(int partition, long offset);

    [LoggerMessage(Level = LogLevel.Information, Message = "Revoked partition {Partition} (lost: {Lost})")]
    private partial void LogRevoked(int partition, bool lost);
}
