using Telemetry.Files.DeadLetters;
using Telemetry.Kafka.Events;
using Telemetry.Ocpp.Events;

namespace Telemetry.Cli.Pipeline;

/// <summary>What the ingest side of a replay writes to: the events producer, the dead-letter file and counters.</summary>
internal sealed class IngestContext(EventProducer producer, ChargerRegistry chargers, DeadLetterWriter deadLetters, string source)
{
    public EventProducer Producer { get; } = producer;

    public ChargerRegistry Chargers { get; } = chargers;

    public DeadLetterWriter DeadLetters { get; } = deadLetters;

    public string Source { get; } = source;

    public LabelledCounts Ingested { get; } = PipelineMetrics.Ingested();

    public LabelledCounts Rejected { get; } = PipelineMetrics.Rejected();

    public long FirstTimestampMs { get; set; } = long.MaxValue;

    public long LastTimestampMs { get; set; } = long.MinValue;
}
