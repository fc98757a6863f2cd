using Telemetry.Ocpp.Events;
using Telemetry.Ocpp.Rejects;

namespace Telemetry.Cli.Commands;

/// <summary>Parser callback of <c>telemetry parse</c>.</summary>
internal readonly struct ParsedEventHandler(ParsedEventWriter writer) : IParseHandler
{
    public void OnEvent(in TelemetryEvent telemetryEvent) => writer.Write(telemetryEvent);

    public void OnRejected(RejectReason reason, long line, long offset, ReadOnlySpan<byte> raw) => writer.Reject(reason, line, offset, raw);
}
