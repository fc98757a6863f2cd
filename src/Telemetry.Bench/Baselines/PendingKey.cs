namespace Telemetry.Bench.Baselines;

/// <summary>A CALL awaiting its result, identified the way a CSMS usually does it: by strings.</summary>
public readonly record struct PendingKey(string ChargePoint, bool FromCharger, string MessageId);
