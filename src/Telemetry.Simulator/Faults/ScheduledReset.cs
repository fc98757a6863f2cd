namespace Telemetry.Simulator.Faults;

/// <summary>A Reset the CSMS sends on purpose at <paramref name="CallMs"/>, and the reboot that follows it.</summary>
internal readonly record struct ScheduledReset(int Charger, long CallMs, Interruption Reboot);
