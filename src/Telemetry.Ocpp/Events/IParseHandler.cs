using Telemetry.Ocpp.Rejects;

namespace Telemetry.Ocpp.Events;

/// <summary>
/// Receives what a parser produces. Implement it on a struct and pass it by <c>ref</c> as a
/// generic argument so the calls are direct and inlinable (no delegates per record).
/// </summary>
public interface IParseHandler
{
    void OnEvent(in TelemetryEvent telemetryEvent);

    /// <summary>A record that could not be used; <paramref name="raw"/> is only valid during the call.</summary>
    void OnRejected(RejectReason reason, long line, long offset, ReadOnlySpan<byte> raw);
}
