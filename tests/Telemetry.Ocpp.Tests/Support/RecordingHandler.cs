using System.Text;
using Telemetry.Ocpp.Events;
using Telemetry.Ocpp.Rejects;

namespace Telemetry.Ocpp.Tests.Support;

/// <summary>Struct handler (as production handlers are) that records into a shared <see cref="ParseLog"/>.</summary>
public readonly struct RecordingHandler(ParseLog log) : IParseHandler
{
    public void OnEvent(in TelemetryEvent telemetryEvent) => log.Events.Add(telemetryEvent);

    public void OnRejected(RejectReason reason, long line, long offset, ReadOnlySpan<byte> raw) =>
        log.Rejections.Add(new Rejection(reason, line, offset, Encoding.UTF8.GetString(raw)));
}
