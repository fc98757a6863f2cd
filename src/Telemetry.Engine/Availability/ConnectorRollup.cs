namespace Telemetry.Engine.Availability;

/// <summary>
/// One port's availability over one minute of event time: how many milliseconds it was up,
/// down, or of unknown state (before its first status); up + down + unknown = 60,000.
/// <see cref="OfflineMs"/> is the part of the down time when the charger was offline.
/// </summary>
/// <param name="MinuteStartMs">Start of the minute, Unix milliseconds UTC.</param>
/// <param name="Charger">Interned charge point id.</param>
/// <param name="Port">1.6 connectorId or 2.0.1 evseId.</param>
public readonly record struct ConnectorRollup(
    long MinuteStartMs,
    int Charger,
    ushort Port,
    int UpMs,
    int DownMs,
    int OfflineMs,
    int UnknownMs);
