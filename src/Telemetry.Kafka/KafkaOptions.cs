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

    /// <summary>Detector signals for other systems (DESIGN §2.3 <c>uptime.signals</c>): signals.jsonl JSON, keyed by site id.</summary>
    public string SignalsTopic { get; set; } = "uptime.signals";

    /// <summary>
    /// The correlator's input: signals, the OCPP events it follows, authorisation results and
    /// watermarks of every events partition, binary, keyed by site id (fleet-compared inputs by a
    /// fleet key). Internal to the engine; other systems read <see cref="SignalsTopic"/>.
    /// </summary>
    public string DecisionsTopic { get; set; } = "telemetry.decisions";

    /// <summary>Incident CloudEvents (incidents.jsonl JSON), keyed by incident id.</summary>
    public string IncidentsTopic { get; set; } = "uptime.incidents";

    /// <summary>Remote-recovery command requests and outcomes (commands.jsonl JSON), keyed by charge point id.</summary>
    public string CommandsTopic { get; set; } = "uptime.commands";

    /// <summary>Consumer group of the correlators.</summary>
    public string CorrelateGroupId { get; set; } = "telemetry-correlate";

    /// <summary>
    /// Event time between two watermarks an events partition publishes to every partition of
    /// <see cref="DecisionsTopic"/>: shorter releases the correlator's input sooner, at the cost
    /// of one record per events partition × decisions partition each time.
    /// </summary>
    public TimeSpan DecisionsWatermarkInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How far before an events partition's watermark a detector may still date a signal (an
    /// offline signal is dated at the last heartbeat's interval end, found one interval and the
    /// grace later): the watermark a partition publishes is held back by this much, so that the
    /// correlator releases nothing a later signal would have to precede. Must exceed the longest
    /// heartbeat interval plus the offline grace; inputs that still come later are counted as late.
    /// </summary>
    public TimeSpan SignalDelayBound { get; set; } = TimeSpan.FromHours(1);

    /// <summary>librdkafka properties applied last, over the engine's defaults (e.g. <c>compression.type</c>).</summary>
    public Dictionary<string, string> ClientSettings { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The correlators' state checkpoints: the checkpoint of decisions partition p goes to
    /// partition p (create it with the decisions topic's partition count), keyed by the
    /// correlate group id. A new owner restores the newest one at or before the group's committed
    /// offset instead of re-reading the decisions partition from its earliest record.
    /// </summary>
    public string CorrelateCheckpointsTopic { get; set; } = "uptime.correlate.checkpoints";
}
