using Telemetry.Files.DeadLetters;
using Telemetry.Kafka.Events;
using Telemetry.Ocpp.Events;

namespace Telemetry.Cli.Pipeline;

/// <summary>
/// What one input of the ingest side writes to: the events producer, the dead letters and
/// counters. Used by one thread: a replay's reader, or one connection of the gateway.
/// </summary>
internal sealed class IngestContext(EventProducer producer, ChargerRegistry chargers, IDeadLetterSink deadLetters, string source)
{
    public EventProducer Producer { get; } = producer;

    public ChargerRegistry Chargers { get; } = chargers;

    public IDeadLetterSink DeadLetters { get; } = deadLetters;

    public string Source { get; } = source;

    public LabelledCounts Ingested { get; } = PipelineMetrics.Ingested();

    public LabelledCounts Rejected { get; } = PipelineMetrics.Rejected();

    public long FirstTimestampMs { get; set; } = long.MaxValue;

    public long LastTimestampMs { get; set; } = long.MinValue;

    /// <summary>When set, holds this input back to what detection has read (a replay); a gateway has none.</summary>
    public DetectionBackPressure? BackPressure { get; init; }
}
