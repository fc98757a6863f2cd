namespace Telemetry.Ocpp.Framing;

/// <summary>
/// What one pass over a capture (tap stream or CSV export) saw. <see cref="Records"/> counts
/// every non-blank line after any header, oversized ones included; each gave events, one
/// rejection, or nothing (a result that answers no tracked CALL, or reports nothing).
/// </summary>
public readonly record struct CaptureReadResult(long Records, long Rejected, long Bytes);
