namespace Telemetry.Engine.Rollups;

/// <summary>
/// One charger's minute: the time split of its best port (the charger can serve a driver when
/// any port is up), its ports' counters summed with the charger's own, and its worst port's health.
/// </summary>
/// <param name="MinuteStartMs">Start of the minute, Unix milliseconds UTC.</param>
/// <param name="Charger">Interned charge point id.</param>
/// <param name="BootsPlanned">Boots classified planned by the reset detector.</param>
/// <param name="BootsUnplanned">Boots classified unplanned (Watchdog, PowerUp, a boot with no Reset before it).</param>
/// <param name="Disconnects">Connections the CSMS reported closed.</param>
/// <param name="UnansweredCalls">CSMS CALLs found unanswered in the minute.</param>
/// <param name="Health">The lowest health of the charger's ports in the minute.</param>
public readonly record struct ChargerMinute(
    long MinuteStartMs,
    int Charger,
    int UpMs,
    int DownMs,
    int OfflineMs,
    int UnknownMs,
    int ExcludedMs,
    int StatusChanges,
    int SessionsStarted,
    int SessionsSucceeded,
    int SessionsFailed,
    int EnergyWh,
    int PeakPowerW,
    int AlarmsRaised,
    int BootsPlanned,
    int BootsUnplanned,
    int Disconnects,
    int UnansweredCalls,
    byte Health);
