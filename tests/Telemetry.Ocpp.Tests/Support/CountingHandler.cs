using Telemetry.Ocpp.Events;
using Telemetry.Ocpp.Rejects;

namespace Telemetry.Ocpp.Tests.Support;

/// <summary>Allocation-free handler: counts what it receives, passed by ref so the counts survive.</summary>
public struct CountingHandler : IParseHandler
{
    public int Events { get; private set; }

    public int Rejected { get; private set; }

    public void OnEvent(in TelemetryEvent telemetryEvent) => Events++;

    public void OnRejected(RejectReason reason, long line, long offset, ReadOnlySpan<byte> raw) => Rejected++;
}
