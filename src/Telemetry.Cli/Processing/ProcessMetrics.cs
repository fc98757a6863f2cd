using Prometheus;

namespace Telemetry.Cli.Processing;

/// <summary>The detector worker's Prometheus series; no charger id as a label.</summary>
internal static class ProcessMetrics
{
    private static readonly string[] s_partitionLabels = [.. Enumerable.Range(0, 256).Select(p => p.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    public static readonly Counter Rebalances = Metrics.CreateCounter(
        "telemetry_process_rebalances_total", "Partition assignments and revocations this worker went through.");

    public static readonly Gauge AssignedPartitions = Metrics.CreateGauge(
        "telemetry_process_assigned_partitions", "Partitions of telemetry.events this worker owns now.");

    public static readonly Counter LateEvents = Metrics.CreateCounter(
        "telemetry_events_late_total", "Events that arrived after their partition's watermark had passed them (not detected on).");

    public static readonly Counter RestoredEvents = Metrics.CreateCounter(
        "telemetry_process_restored_events_total", "Events re-read, with outputs suppressed, to rebuild a newly assigned partition's detector state.");

    public static readonly Counter Checkpoints = Metrics.CreateCounter(
        "telemetry_process_checkpoints_total", "Partition detector-state checkpoints put in a sink batch.");

    public static readonly Histogram CheckpointBytes = Metrics.CreateHistogram(
        "telemetry_process_checkpoint_bytes",
        "Size of a partition's detector-state checkpoint.",
        new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(1024, 4, 10) });

    public static readonly Counter CheckpointRestores = Metrics.CreateCounter(
        "telemetry_process_checkpoint_restores_total", "Assigned partitions whose detector state was restored from a checkpoint instead of re-read from the start.");

    public static readonly Counter RepeatedEvents = Metrics.CreateCounter(
        "telemetry_process_repeated_events_total", "Events dropped because their raw-frame source position had already been applied (re-delivered by ingest).");

    public static readonly Gauge ConsumerLag = Metrics.CreateGauge(
        "telemetry_consumer_lag",
        "Records of the partition not yet read: high watermark − position, from the consumer's cached watermarks (-1 until one is known).",
        new GaugeConfiguration { LabelNames = ["partition"] });

    public static readonly Histogram SignalLatencySeconds = Metrics.CreateHistogram(
        "telemetry_signal_latency_seconds",
        "Processing latency: wall time of a signal's emission minus its event time.",
        new HistogramConfiguration { Buckets = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600] });

    public static readonly Histogram SinkFlushSeconds = Metrics.CreateHistogram(
        "telemetry_sink_flush_seconds",
        "Time the consumer waited to hand a batch to the sink, or (on revocation and shutdown) for every batch to be committed.",
        new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.001, 2, 16) });

    /// <summary>The label value of a partition, without a string per call for the usual partition counts.</summary>
    public static string PartitionLabel(int partition) =>
        partition < s_partitionLabels.Length ? s_partitionLabels[partition] : partition.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
