namespace Telemetry.Bench.Baselines;

/// <summary>A <c>connected</c>/<c>disconnected</c> tap record as the baseline materialises it.</summary>
public sealed record ConnectionRecord(DateTimeOffset Timestamp, string ChargePoint, string Event);
