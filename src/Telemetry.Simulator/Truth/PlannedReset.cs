namespace Telemetry.Simulator.Truth;

/// <summary>A Reset the CSMS sent on purpose at <paramref name="Time"/>; the reboot after it is not a fault.</summary>
public sealed record PlannedReset(string ChargePoint, DateTimeOffset Time);
