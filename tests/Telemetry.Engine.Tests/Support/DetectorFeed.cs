using Telemetry.Ocpp.Events;
using Telemetry.Ocpp.Rejects;

namespace Telemetry.Engine.Tests.Support;

/// <summary>Parser callback that collects events into a list (struct holding a reference).</summary>
internal readonly struct CollectingHandler(List<TelemetryEvent> events, List<RejectReason> rejects) : IParseHandler
{
    public void OnEvent(in TelemetryEvent telemetryEvent) => events.Add(telemetryEvent);

    public void OnRejected(RejectReason reason, long line, long offset, ReadOnlySpan<byte> raw) => rejects.Add(reason);
}
