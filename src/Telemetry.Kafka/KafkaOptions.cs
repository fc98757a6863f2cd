namespace Telemetry.Kafka;

/// <summary>Kafka settings, bound from the <c>Kafka</c> configuration section.</summary>
public sealed class KafkaOptions
{
    /// <summary>Broker list; null runs on the embedded Kafka (the mock cluster) instead.</summary>
    public string? BootstrapServers { get; set; }

    public string EventsTopic { get; set; } = "telemetry.events";

    /// <summary>Where the ingest gateway sends input it cannot use (DESIGN §2.3 <c>telemetry.deadletter</c>).</summary>
    public string DeadLetterTopic { get; set; } = "telemetry.deadletter";

    /// <summary>
    /// Messages the producer holds before Kafka acknowledges them; when full, writers wait
    /// (back-pressure on the input) instead of growing memory.
    /// </summary>
    public int MaxQueuedMessages { get; set; } = 200_000;

    /// <summary>Partition count used when this process creates the events topic.</summary>
    public int Partitions { get; set; } = 8;

    /// <summary>Consumer group of the detector workers.</summary>
    public string GroupId { get; set; } = "telemetry-process";

    /// <summary>librdkafka properties applied last, over the engine's defaults (e.g. <c>compression.type</c>).</summary>
    public Dictionary<string, string> ClientSettings { get; } = new(StringComparer.Ordinal);
}
