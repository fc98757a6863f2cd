namespace Telemetry.Timescale.Sink;

/// <summary>
/// One charger's availability over one minute of event time, as <c>charger_minute</c> stores it:
/// the same split as a connector rollup, for the charger as a whole.
/// </summary>
/// <param name="MinuteStartMs">Start of the minute, Unix milliseconds UTC.</param>
/// <param name="Charger">Interned charge point id.</param>
public readonly record struct ChargerRollup(
    long MinuteStartMs,
    int Charger,
    int UpMs,
    int DownMs,
    int OfflineMs,
    int UnknownMs);
