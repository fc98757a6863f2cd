using Prometheus;

namespace Telemetry.Cli.Correlation;

/// <summary>The correlator's Prometheus series; no charger, site or incident id as a label.</summary>
internal static class CorrelateMetrics
{
    public static readonly Counter Records = Metrics.CreateCounter(
        "telemetry_correlate_records_total", "Records read from the decisions topic, including those re-read to rebuild state.");

    public static readonly Counter Duplicates = Metrics.CreateCounter(
        "telemetry_correlate_duplicates_total", "Records dropped because their position was seen already (re-published after a process worker restart).");

    public static readonly Counter LateInputs = Metrics.CreateCounter(
        "telemetry_correlate_late_inputs_total", "Signals and events dated before the released watermark: applied at once, out of order.");

    public static readonly Counter Malformed = Metrics.CreateCounter(
        "telemetry_correlate_malformed_total", "Records that did not decode, or named an events partition beyond the configured count.");

    public static readonly Counter Incidents = Metrics.CreateCounter(
        "telemetry_correlate_incidents_total", "Incident records published to uptime.incidents.");

    public static readonly Counter Commands = Metrics.CreateCounter(
        "telemetry_correlate_commands_total", "Command records published to uptime.commands.");

    public static readonly Counter SuppressedOutputs = Metrics.CreateCounter(
        "telemetry_correlate_suppressed_outputs_total", "Outputs recomputed while rebuilding state and not published again (delivered by an earlier owner).");

    public static readonly Counter CommitErrors = Metrics.CreateCounter(
        "telemetry_correlate_commit_errors_total", "Offset commits the group refused during a rebalance; the next commit makes up for them.");

    public static readonly Counter Rebalances = Metrics.CreateCounter(
        "telemetry_correlate_rebalances_total", "Partition assignments and revocations this correlator went through.");

    public static readonly Gauge AssignedPartitions = Metrics.CreateGauge(
        "telemetry_correlate_assigned_partitions", "Partitions of telemetry.decisions this correlator owns now.");

    public static readonly Counter WallClockReleases = Metrics.CreateCounter(
        "telemetry_correlate_wall_clock_releases_total", "Times the wall clock released a partition past a silent events source's watermark (process worker down or partition without traffic).");

    public static readonly Gauge WatermarkLagSeconds = Metrics.CreateGauge(
        "telemetry_correlate_watermark_lag_seconds", "Event time between the newest input held and the released watermark, worst partition.");

    public static readonly Gauge ConsumerLag = Metrics.CreateGauge(
        "telemetry_correlate_consumer_lag",
        "Records of an owned decisions partition not yet read: high watermark − position, from the consumer's cached watermarks (-1 until one is known).",
        new GaugeConfiguration { LabelNames = ["partition"] });

    public static readonly Counter Checkpoints = Metrics.CreateCounter(
        "telemetry_correlate_checkpoints_total", "Correlator state checkpoints written to the checkpoints topic.");

    public static readonly Counter CheckpointRestores = Metrics.CreateCounter(
        "telemetry_correlate_checkpoint_restores_total", "Assigned partitions restored from a checkpoint instead of re-read from their earliest record.");

    public static readonly Histogram CheckpointBytes = Metrics.CreateHistogram(
        "telemetry_correlate_checkpoint_bytes", "Size of a correlator checkpoint.",
        new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(1024, 4, 8) });
}
