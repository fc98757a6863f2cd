namespace Telemetry.Ocpp.Tap;

/// <summary>
/// What one pass over a tap stream saw. <see cref="Records"/> counts every non-blank line,
/// oversized ones included; each gave events, one rejection, or nothing (a result that answers
/// no tracked CALL or reports nothing).
/// </summary>
public readonly record struct TapReadResult(long Records, long Rejected, long Bytes);
