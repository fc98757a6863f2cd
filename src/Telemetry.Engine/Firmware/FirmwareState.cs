using Telemetry.Engine.Windows;

namespace Telemetry.Engine.Firmware;

/// <summary>Per-charger state of the firmware failure detector; a flat fixed-size struct kept in an array by interned id.</summary>
internal struct FirmwareState
{
    public bool Raised;
    public long RaisedAtMs;

    /// <summary>Failures of the raised episode, those that raised it included.</summary>
    public int EpisodeFailures;
    public RecentTimes Failures;
}
