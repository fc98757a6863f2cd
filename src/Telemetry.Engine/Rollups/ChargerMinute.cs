namespace Telemetry.Engine.Rollups;

/// <summary>
/// One charger's minute: the time split of its best port (the charger can serve a driver when
/// any port is up), its ports' counters summed with the charger's own, and its worst port's health.
/// The parameters after <paramref name="UnknownMs"/> default to zero so that a time-only row stays one line.
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
    int ExcludedMs = 0,
    int StatusChanges = 0,
    int SessionsStarted = 0,
    int SessionsSucceeded = 0,
    int SessionsFailed = 0,
    int EnergyWh = 0,
    int PeakPowerW = 0,
    int AlarmsRaised = 0,
    int BootsPlanned = 0,
    int BootsUnplanned = 0,
    int Disconnects = 0,
    int UnansweredCalls = 0,
    byte Health = 0);
