namespace Telemetry.Timescale.Sink;

/// <summary>
/// One charger's minute of event time, as <c>charger_minute</c> stores it: the time split of the
/// charger as a whole, its activity counters and health (docs/storage.md). The parameters after
/// <paramref name="UnknownMs"/> default to zero so that a time-only rollup stays one line.
/// </summary>
/// <param name="MinuteStartMs">Start of the minute, Unix milliseconds UTC.</param>
/// <param name="Charger">Interned charge point id.</param>
public readonly record struct ChargerRollup(
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
    short Health = 0);
