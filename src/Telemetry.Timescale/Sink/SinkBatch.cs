using Telemetry.Engine.Availability;

namespace Telemetry.Timescale.Sink;

/// <summary>
/// Rows and the consumer offsets they account for, written by <see cref="ExactlyOnceSink"/> in
/// one transaction. Within a batch a later row with the same key as an earlier one wins (an
/// outage opened and then closed, a session updated).
/// </summary>
public sealed class SinkBatch
{
    private readonly Dictionary<TopicPartition, long> _offsets = [];

    public List<ConnectorRollup> ConnectorRollups { get; } = [];

    public List<ChargerRollup> ChargerRollups { get; } = [];

    public List<SignalRow> Signals { get; } = [];

    public List<Outage> Outages { get; } = [];

    public List<ChargingSession> Sessions { get; } = [];

    /// <summary>Next offset to consume per topic partition, committed with the rows.</summary>
    public IReadOnlyDictionary<TopicPartition, long> Offsets => _offsets;

    /// <summary>Rows of every kind.</summary>
    public int RowCount => ConnectorRollups.Count + ChargerRollups.Count + Signals.Count + Outages.Count + Sessions.Count;

    /// <summary>True when the batch holds neither rows nor offsets.</summary>
    public bool IsEmpty => RowCount == 0 && _offsets.Count == 0;

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
