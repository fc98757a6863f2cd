using System.Buffers;
using System.Text.Json;
using Telemetry.Decide.Correlation;
using Telemetry.Engine;
using Telemetry.Engine.Availability;
using Telemetry.Engine.Checkpoints;
using Telemetry.Engine.Ordering;
using Telemetry.Engine.Rollups;
using Telemetry.Engine.Sessions;
using Telemetry.Engine.Signals;
using Telemetry.Engine.Uptime;
using Telemetry.Files.Rollups;
using Telemetry.Ocpp.Events;

namespace Telemetry.Cli.Pipeline;

/// <summary>
/// The detector state of one partition of <c>telemetry.events</c>: its reorder buffer,
/// detectors and uptime ledger, and where its rollups go. Single-threaded. Events arrive with
/// charger ids of the consumer's registry, shared by the partitions that consumer reads; the
/// worker renumbers them into a registry of its own (<see cref="Chargers"/>), so its per-charger
/// state is sized by this partition's chargers, not by every charger the consumer knows. Each
/// output list says which registry its ids refer to. Events reach the
/// detectors in event-time order once the watermark passes them; late ones are kept aside in
/// <see cref="LateEvents"/>. The window detectors' timers run on the partition's watermark,
/// advanced once per minute of event time.
/// </summary>
internal sealed class PartitionWorker : IAvailabilitySink, ISessionSink, IMinuteActivitySink, ICheckpointState, IDisposable
{
    private const long MinuteMs = 60_000;
    private const ushort WorkerFormatVersion = 1;

    private readonly RollupArrowWriter? _arrow;
    private readonly ChargerRollupArrowWriter? _chargerArrow;
    private readonly List<ConnectorRollup>? _databaseBatch;
    private readonly List<ChargerMinute>? _chargerDatabaseBatch;
    private readonly MinuteActivity _activity;
    private readonly WindowDetectors _windows;
    private readonly EventReorderBuffer _reorder;
    private readonly long _latenessMs;
    private readonly ICheckpointState[] _checkpointed;
    private readonly long _configuration;
    private readonly TextCodeRegistry _texts;
    private readonly ChargerRegistry _consumerChargers;
    private readonly ChargerIdMap _ids = new();
    private long _streamTimeMs = long.MinValue;

    public PartitionWorker(int partition, DetectionContext context, string? rollupDirectory, bool bufferForDatabase)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = context.Options;
        Partition = partition;
        _consumerChargers = context.Chargers;
        Detector = new AvailabilityDetector(Chargers, options.Availability, this);
        // Marks its signals with this partition's own view; the fleet-wide signal comes from FleetAuthPass.
        _windows = new WindowDetectors(Chargers, context.Texts, context.Inventory, options, this, DiscardedSignals.Instance);
        // Minute activity reads what these three decided (boot classes, unanswered CALLs, session starts).
        _activity = new MinuteActivity(new ExclusionCalendar(Chargers, context.Inventory, options.Exclusions), options.Health, this, _windows.Sessions, _windows.Resets, _windows.Calls);
        _latenessMs = (long)options.Availability.AllowedLateness.TotalMilliseconds;
        _reorder = new EventReorderBuffer(options.Availability.AllowedLateness, options.Ordering);
        _texts = context.Texts;
        _configuration = CheckpointChecksum.Compute(JsonSerializer.SerializeToUtf8Bytes(options));
        // The order of the checkpoint's sections: fixed, the same on write and restore.
        _checkpointed = [this, _reorder, Detector, Uptime, _activity, .. _windows.Checkpointed];
        if (rollupDirectory is not null)
        {
            _arrow = new RollupArrowWriter(Path.Combine(rollupDirectory, $"connector_minute-p{partition:D3}.arrow"), Chargers);
            _chargerArrow = new ChargerRollupArrowWriter(Path.Combine(rollupDirectory, $"charger_minute-p{partition:D3}.arrow"), Chargers);
        }

        _databaseBatch = bufferForDatabase ? [] : null;
        _chargerDatabaseBatch = bufferForDatabase ? [] : null;
    }

    public int Partition { get; }

    /// <summary>This partition's own registry: the charger ids of the detectors, rollups, sessions and signals' inputs.</summary>
    public ChargerRegistry Chargers { get; } = new();

    public AvailabilityDetector Detector { get; }

    public UptimeLedger Uptime { get; } = new();

    public List<Signal> Signals { get; } = [];

    /// <summary>Charging sessions as they ended (23 CFR 680.112 fields), for <c>sessions.csv</c>; ids of <see cref="Chargers"/>.</summary>
    public List<SessionRecord> Sessions { get; } = [];

    /// <summary>Authorisation results in event-time order, for the fleet-wide view (<see cref="FleetAuthPass"/>); ids of <see cref="Chargers"/>, as the decision publisher reads them.</summary>
    public List<TelemetryEvent> AuthEvents { get; } = [];

    /// <summary>The events the site correlator follows (boots, statuses, command results), in event-time order; ids of <see cref="Chargers"/>, as the decision publisher reads them.</summary>
    public List<TelemetryEvent> DecideEvents { get; } = [];

    public List<Outage> Outages { get; } = [];

    public long Rollups { get; private set; }

    public long ChargerRollups { get; private set; }

    /// <summary>
    /// Events that arrived after the watermark had passed them: counted and written to the late
    /// output, not detected on. Kept as they arrived, with ids of the consumer's registry, which
    /// the late output names them through.
    /// </summary>
    public List<TelemetryEvent> LateEvents { get; } = [];

    /// <summary>Events handed to the detectors before the watermark passed them because the reorder buffer was full.</summary>
    public long ForcedReleases => _reorder.ForcedReleases;

    /// <summary>Rollups waiting to be written to the database, when one is configured; ids of the consumer's registry, which the sink names them through.</summary>
    public List<ConnectorRollup>? DatabaseBatch => _databaseBatch;

    /// <summary>Charger rollups waiting to be written to the database, when one is configured; ids of the consumer's registry.</summary>
    public List<ChargerMinute>? ChargerDatabaseBatch => _chargerDatabaseBatch;

    /// <summary>An availability minute: completed with its activity, exclusions and health before it goes anywhere.</summary>
    public void OnRollup(in ConnectorRollup rollup) => _activity.OnRollup(rollup);

    public void OnChargerMinute(in ChargerMinute minute)
    {
        ChargerRollups++;
        _chargerArrow?.Add(minute);
        _chargerDatabaseBatch?.Add(minute with { Charger = _ids.ConsumerIdOf(minute.Charger) });
    }

    public void OnConnectorMinute(in ConnectorRollup rollup)
    {
        Rollups++;
        Uptime.Add(rollup);
        _arrow?.Add(rollup);
        _databaseBatch?.Add(rollup with { Charger = _ids.ConsumerIdOf(rollup.Charger) });
    }

    public void OnSignal(Signal signal) => Signals.Add(signal);

    public void OnSession(in SessionRecord session)
    {
        Sessions.Add(session);
        _activity.OnSession(session);
    }

    /// <summary>Takes an event whose charger id is one of the consumer's registry.</summary>
    public void OnEvent(in TelemetryEvent e)
    {
        var local = e;
        local.Charger = _ids.LocalIdOf(e.Charger, _consumerChargers, Chargers);
        if (!_reorder.TryAdd(local))
        {
            LateEvents.Add(e);
            return;
        }

        var detectors = new Detectors(this);
        _reorder.Release(ref detectors);
    }

    public void OnOutage(Outage outage) => Outages.Add(outage);

    /// <summary>The consumer's id of the charger this worker calls <paramref name="charger"/> (an id of <see cref="Chargers"/>).</summary>
    public int ConsumerIdOf(int charger) => _ids.ConsumerIdOf(charger);

    /// <summary><paramref name="e"/> (charger id of <see cref="Chargers"/>) with the consumer's id of its charger.</summary>
    public TelemetryEvent WithConsumerId(in TelemetryEvent e)
    {
        var copy = e;
        copy.Charger = _ids.ConsumerIdOf(e.Charger);
        return copy;
    }

    /// <summary>
    /// Moves the partition's stream time to <paramref name="streamTimeMs"/> without an event, as
    /// live wall-clock timers do for a partition that receives nothing: events the new watermark
    /// passed are released and every detector's timers run on it. Replay never calls this.
    /// </summary>
    public void AdvanceTo(long streamTimeMs)
    {
        _reorder.AdvanceTo(streamTimeMs);
        var detectors = new Detectors(this);
        _reorder.Release(ref detectors);
        Detector.AdvanceTo(streamTimeMs);
        AdvanceStreamTime(streamTimeMs);
    }

    /// <summary>Ends the input for this partition and completes its rollup file.</summary>
    public void Finish(long endMs)
    {
        var detectors = new Detectors(this);
        _reorder.ReleaseAll(ref detectors);
        Detector.Finish(endMs);
        _windows.Tick(endMs);

        _activity.Finish();
        _arrow?.Complete();
        _chargerArrow?.Complete();
    }

    /// <summary>
    /// Writes the partition's detector state (reorder buffer, every detector, minute activity,
    /// uptime ledger, stream time) as one checkpoint; outputs already handed out are not in it.
    /// </summary>
    /// <param name="extra">State of the caller's kept beside the worker's (e.g. applied sources), written as a last section.</param>
    public void WriteCheckpoint(IBufferWriter<byte> output, ICheckpointState? extra = null) =>
        PartitionCheckpoint.Write(output, _configuration, Chargers, _texts, extra is null ? _checkpointed : [.. _checkpointed, extra]);

    /// <summary>
    /// Restores this fresh worker from what <see cref="WriteCheckpoint"/> wrote, under the same
    /// detector configuration: later events give the outputs the writing worker would have given.
    /// </summary>
    /// <exception cref="InvalidDataException">The checkpoint is corrupt, cut short, of another format version or configuration.</exception>
    public void RestoreCheckpoint(ReadOnlySpan<byte> checkpoint, ICheckpointState? extra = null)
    {
        PartitionCheckpoint.Restore(checkpoint, _configuration, Chargers, _texts, extra is null ? _checkpointed : [.. _checkpointed, extra]);
        // The checkpoint stores names: the chargers it brought back get their consumer ids now.
        _ids.MapAll(Chargers, _consumerChargers);
    }

    void ICheckpointState.WriteTo(CheckpointWriter writer, CheckpointIds ids)
    {
        writer.Header(CheckpointSection.Worker, WorkerFormatVersion);
        writer.Value(_streamTimeMs);
        writer.Value(Rollups);
        writer.Value(ChargerRollups);
    }

    void ICheckpointState.RestoreFrom(ref CheckpointReader reader, CheckpointIdMap map)
    {
        reader.Header(CheckpointSection.Worker, WorkerFormatVersion);
        _streamTimeMs = reader.Value();
        Rollups = reader.Value();
        ChargerRollups = reader.Value();
    }

    public void Dispose()
    {
        _arrow?.Dispose();
        _chargerArrow?.Dispose();
    }

    private void AdvanceStreamTime(long t)
    {
        if (t > _streamTimeMs)
        {
            var crossesMinute = _streamTimeMs == long.MinValue || (t / MinuteMs) != (_streamTimeMs / MinuteMs);
            _streamTimeMs = t;
            if (crossesMinute)
            {
                _windows.Tick(_streamTimeMs - _latenessMs);
            }
        }
    }

    private void Detect(in TelemetryEvent e)
    {
        AdvanceStreamTime(e.TimestampMs);
        Detector.OnEvent(e);
        _windows.OnEvent(e);

        _activity.OnEvent(e);
        if (SiteCorrelator.Consumes(e.Kind))
        {
            DecideEvents.Add(e);
        }

        if (e.Kind == EventKind.AuthResult)
        {
            AuthEvents.Add(e);
        }
    }

    /// <summary>The detectors as the reorder buffer's sink.</summary>
    private readonly struct Detectors(PartitionWorker worker) : IOrderedEventSink
    {
        public void OnOrderedEvent(in TelemetryEvent e) => worker.Detect(e);
    }
}
