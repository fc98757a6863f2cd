namespace Telemetry.Engine.Alarms;

/// <summary>Per-charger state of the alarm detector: which block of the slot pool holds its alarm keys.</summary>
internal struct AlarmChargerState
{
    /// <summary>Block number + 1 in the detector's slot pool; 0 until the charger raises its first alarm.</summary>
    public int Block;
}
