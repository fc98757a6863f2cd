namespace Telemetry.Engine.Availability;

/// <summary>
/// One port's availability over one minute of event time: how many milliseconds it was up,
/// down, excluded or of unknown state (before its first status); up + down + excluded + unknown
/// = 60,000. <see cref="OfflineMs"/> is the part of the down time when the charger was offline.
/// </summary>
/// <remarks>
/// The availability detector fills the time split only (nothing excluded, no activity); the
/// minute activity stage (<c>Telemetry.Engine.Rollups.MinuteActivity</c>) moves excluded time
/// out of down and adds the counters and the health score.
/// </remarks>
/// <param name="MinuteStartMs">Start of the minute, Unix milliseconds UTC.</param>
/// <param name="Charger">Interned charge point id.</param>
/// <param name="Port">1.6 connectorId or 2.0.1 evseId.</param>
/// <param name="ExcludedMs">Down time inside an exclusion window (23 CFR 680.116(b)), not counted in <paramref name="DownMs"/>.</param>
/// <param name="StatusChanges">StatusNotifications that changed the port's status.</param>
/// <param name="SessionsStarted">Transactions started on the port.</param>
/// <param name="SessionsSucceeded">Sessions that ended in the minute with a charge.</param>
/// <param name="SessionsFailed">Sessions that ended in the minute refused or terminated early.</param>
/// <param name="EnergyWh">Energy the port's meter advanced by in the minute.</param>
/// <param name="PeakPowerW">Highest Power.Active.Import reading in the minute; 0 when none.</param>
/// <param name="AlarmsRaised">Error codes reported (1.6 StatusNotification errorCode) or alerts raised (2.0.1 NotifyEvent).</param>
/// <param name="Health">Health score 0–100 (docs/contracts.md).</param>
public readonly record struct ConnectorRollup(
    long MinuteStartMs,
    int Charger,
    ushort Port,
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
    byte Health = 0);
