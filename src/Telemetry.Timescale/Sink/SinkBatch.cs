using Telemetry.Decide.Incidents;
using Telemetry.Decide.Recovery;
using Telemetry.Engine.Availability;
using Telemetry.Engine.Rollups;
using Telemetry.Timescale.Checkpoints;

namespace Telemetry.Timescale.Sink;

/// <summary>
/// Rows and the consumer offsets they account for, written by <see cref="ExactlyOnceSink"/> in
/// one transaction. Within a batch a later row with the same key as an earlier one wins (an
/// outage opened and then closed, a session updated).
/// </summary>
public sealed class SinkBatch
{
    private readonly Dictionary<TopicPartition, long> _offsets = [];
    private readonly Dictionary<TopicPartition, DetectorCheckpoint> _checkpoints = [];

    public List<ConnectorRollup> ConnectorRollups { get; } = [];

    public List<ChargerMinute> ChargerRollups { get; } = [];

    public List<SignalRow> Signals { get; } = [];

    public List<Outage> Outages { get; } = [];

    public List<ChargingSession> Sessions { get; } = [];

    /// <summary>Incident records (CloudEvents of <c>uptime.incidents</c>): each is kept in <c>incident_events</c>, the latest per incident in <c>incidents</c>.</summary>
    public List<IncidentRecord> Incidents { get; } = [];

    /// <summary>Command records (<c>uptime.commands</c>): the latest per idempotency key is kept in <c>commands</c>.</summary>
    public List<CommandRecord> Commands { get; } = [];

    /// <summary>Detector checkpoints committed with the rows, at most one per topic partition.</summary>
    public IReadOnlyDictionary<TopicPartition, DetectorCheckpoint> Checkpoints => _checkpoints;

    /// <summary>Next offset to consume per topic partition, committed with the rows.</summary>
    public IReadOnlyDictionary<TopicPartition, long> Offsets => _offsets;

    /// <summary>Rows of every kind.</summary>
    public int RowCount => ConnectorRollups.Count + ChargerRollups.Count + Signals.Count + Outages.Count + Sessions.Count
        + Incidents.Count + Commands.Count;

    /// <summary>True when the batch holds neither rows, offsets nor checkpoints.</summary>
    public bool IsEmpty => RowCount == 0 && _offsets.Count == 0 && _checkpoints.Count == 0;

    /// <summary>
    /// Commits <paramref name="checkpoint"/> with this batch; it replaces one set before for the
    /// same topic partition. Its offset should be at most the offset the batch records there.
    /// </summary>
    public void SetCheckpoint(DetectorCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        _checkpoints[new TopicPartition(checkpoint.Topic, checkpoint.Partition)] = checkpoint;
    }

    /// <summary>
    /// Records that every record of <paramref name="topic"/>/<paramref name="partition"/> before
    /// <paramref name="nextOffset"/> is accounted for by this batch; a lower offset than one
    /// recorded already is ignored.
    /// </summary>
    public void AdvanceOffset(string topic, int partition, long nextOffset)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        ArgumentOutOfRangeException.ThrowIfNegative(partition);
        ArgumentOutOfRangeException.ThrowIfNegative(nextOffset);
        var key = new TopicPartition(topic, partition);
        if (!_offsets.TryGetValue(key, out var known) || nextOffset > known)
        {
            _offsets[key] = nextOffset;
        }
    }
}
