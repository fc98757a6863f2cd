using Telemetry.Ocpp.Events;
using Telemetry.Ocpp.Rejects;

namespace Telemetry.Cli.Pipeline;

/// <summary>Parser callback of the ingest side: produces each event keyed by its charger, dead-letters the rest.</summary>
internal readonly struct IngestHandler(IngestContext context) : IParseHandler
{
    public void OnEvent(in TelemetryEvent telemetryEvent)
    {
        context.Producer.Produce(context.Chargers, telemetryEvent);
        context.Ingested.Increment((byte)telemetryEvent.Kind);
        context.BackPressure?.OnProduced(context.Producer);
        if (telemetryEvent.TimestampMs < context.FirstTimestampMs)
        {
            context.FirstTimestampMs = telemetryEvent.TimestampMs;
        }

        if (telemetryEvent.TimestampMs > context.LastTimestampMs)
        {
            context.LastTimestampMs = telemetryEvent.TimestampMs;
        }
    }

    public void OnRejected(RejectReason reason, long line, long offset, ReadOnlySpan<byte> raw)
    {
        context.Rejected.Increment((byte)reason);
        context.DeadLetters.Write(reason, context.Source, line, offset, raw);
    }
}
