using Telemetry.Ocpp.Events;
using Telemetry.Ocpp.Rejects;

namespace Telemetry.Bench.Detect;

/// <summary>Keeps every event the parser produces, in order; counts rejected records.</summary>
public readonly struct EventCollector(List<TelemetryEvent> events) : IParseHandler
{
    public void OnEvent(in TelemetryEvent telemetryEvent) => events.Add(telemetryEvent);

    public void OnRejected(RejectReason reason, long line, long offset, ReadOnlySpan<byte> raw)
    {
    }
}
