using System.Diagnostics.Metrics;
using Telemetry.Ocpp.Events;
using Telemetry.Ocpp.Rejects;

namespace Telemetry.Cli.Pipeline;

/// <summary>
/// The pipeline's instruments (System.Diagnostics.Metrics; exported by prometheus-net when
/// <c>--metrics-port</c> is given). Labels are low-cardinality: event kind and reject reason.
/// </summary>
internal static class PipelineMetrics
{
    public const string MeterName = "Telemetry";

    private static readonly Meter s_meter = new(MeterName);
    private static readonly Counter<long> s_ingested = s_meter.CreateCounter<long>(
        "telemetry_events_ingested", "events", "Events parsed from the input and produced to telemetry.events, by kind.");
    private static readonly Counter<long> s_processed = s_meter.CreateCounter<long>(
        "telemetry_events_processed", "events", "Events consumed by the detectors, by kind.");
    private static readonly Counter<long> s_rejected = s_meter.CreateCounter<long>(
        "telemetry_records_rejected", "records", "Input records sent to the dead-letter output, by reason.");

    public static LabelledCounts Ingested() => new(s_ingested, "kind", KindName);

    public static LabelledCounts Processed() => new(s_processed, "kind", KindName);

    public static LabelledCounts Rejected() => new(s_rejected, "reason", static i => RejectReasonNames.Of((RejectReason)i));

    private static string KindName(int kind) => ((EventKind)kind).ToString();
}
