namespace Telemetry.Ocpp.Tap;

/// <summary>What one pass over a tap stream saw.</summary>
public readonly record struct TapReadResult(long Records, long Rejected, long Bytes);
