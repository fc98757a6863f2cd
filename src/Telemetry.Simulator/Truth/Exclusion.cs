namespace Telemetry.Simulator.Truth;

/// <summary>A window in which a port's outage minutes are excluded from uptime (23 CFR 680.116(b)), e.g. scheduled maintenance.</summary>
public sealed record Exclusion(string ChargePoint, int Port, DateTimeOffset Start, DateTimeOffset End, string Reason);
