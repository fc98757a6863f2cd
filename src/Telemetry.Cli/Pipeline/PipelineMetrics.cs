using Prometheus;
using Telemetry.Ocpp.Events;
using Telemetry.Ocpp.Rejects;

namespace Telemetry.Cli.Pipeline;

/// <summary>
/// The pipeline's Prometheus counters, created once and served on <c>/metrics</c> when
/// <c>--metrics-port</c> is given. Labels are low-cardinality: event kind and reject reason;
/// never a charger id.
/// </summary>
internal static class PipelineMetrics
{
    private static readonly Counter s_ingested = Metrics.CreateCounter(
        "telemetry_events_ingested_total", "Events parsed from the input and produced to telemetry.events, by kind.", "kind");
    private static readonly Counter s_processed = Metrics.CreateCounter(
        "telemetry_events_processed_total", "Events consumed by the detectors, by kind.", "kind");
    private static readonly Counter s_rejected = Metrics.CreateCounter(
        "telemetry_records_rejected_total", "Input records sent to the dead-letter output, by reason.", "reason");

    public static LabelledCounts Ingested() => new(s_ingested, KindName);

    public static LabelledCounts Processed() => new(s_processed, KindName);

    public static LabelledCounts Rejected() => new(s_rejected, static i => RejectReasonNames.Of((RejectReason)i));

    private static string KindName(int kind) => ((EventKind)kind).ToString();
}
