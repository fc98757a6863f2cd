using Telemetry.Ocpp.Events;
using Telemetry.Ocpp.Rejects;

namespace Telemetry.Ocpp.Tests.Fuzz;

/// <summary>Struct handler that records each callback with the offset of its record into a shared <see cref="FuzzTally"/>.</summary>
public readonly struct TallyHandler(FuzzTally tally) : IParseHandler
{
    public void OnEvent(in TelemetryEvent telemetryEvent) =>
        tally.Callbacks.Add(new FuzzCallback(tally.BytesRead(), RejectReason.None, 0));

    public void OnRejected(RejectReason reason, long line, long offset, ReadOnlySpan<byte> raw)
    {
        Assert.NotEqual(RejectReason.None, reason);
        tally.Callbacks.Add(new FuzzCallback(offset, reason, line));
    }
}
