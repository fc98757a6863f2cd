using Telemetry.Files.DeadLetters;
using Telemetry.Files.Events;
using Telemetry.Ocpp.Events;
using Telemetry.Ocpp.Rejects;

namespace Telemetry.Cli.Commands;

/// <summary>Parser callback of <c>telemetry parse</c>: events to the output, rejected records to the dead letters.</summary>
internal readonly struct ParsedEventHandler(EventJsonLinesWriter events, DeadLetterWriter deadLetters, string source) : IParseHandler
{
    public void OnEvent(in TelemetryEvent telemetryEvent) => events.Write(telemetryEvent);

    public void OnRejected(RejectReason reason, long line, long offset, ReadOnlySpan<byte> raw) =>
        deadLetters.Write(reason, source, line, offset, raw);
}
