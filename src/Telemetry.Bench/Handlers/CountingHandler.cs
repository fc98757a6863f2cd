using Telemetry.Ocpp.Events;
using Telemetry.Ocpp.Rejects;

namespace Telemetry.Bench.Handlers;

/// <summary>The cheapest possible consumer: counts what the parser produces, so the parser's own cost is measured.</summary>
public struct CountingHandler : IParseHandler
{
    public long Events { get; private set; }

    public long Rejected { get; private set; }

    public void OnEvent(in TelemetryEvent telemetryEvent) => Events++;

    public void OnRejected(RejectReason reason, long line, long offset, ReadOnlySpan<byte> raw) => Rejected++;
}
