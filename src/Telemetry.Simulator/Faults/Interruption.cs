namespace Telemetry.Simulator.Faults;

/// <summary>One loss of connection: disconnected at <paramref name="DropMs"/>, connected again at <paramref name="ReturnMs"/>.</summary>
/// <param name="QuietFromMs">From here until the return the charger sends no heartbeat, so no CALL is left unanswered across the drop.</param>
/// <param name="BootMs">When the charger sends BootNotification after a reboot, or 0 when it reconnects without rebooting.</param>
/// <param name="BootReason">Index of the 2.0.1 boot reason in the capture vocabulary.</param>
internal readonly record struct Interruption(long QuietFromMs, long DropMs, long ReturnMs, long BootMs, int BootReason)
{
    public bool Reboots => BootMs != 0;
}
