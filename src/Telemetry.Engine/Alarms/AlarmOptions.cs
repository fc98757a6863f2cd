using Telemetry.Engine.Windows;

namespace Telemetry.Engine.Alarms;

/// <summary>Thresholds of the alarm detector (configuration section <c>Detectors:Alarms</c>).</summary>
public sealed class AlarmOptions
{
    /// <summary>Upper bound of <see cref="RaisesToRaise"/>: each alarm key keeps this many raise times.</summary>
    public const int MaxRaisesToRaise = RecentTimes.Capacity;

    /// <summary>Upper bound of <see cref="KeysPerCharger"/>.</summary>
    public const int MaxKeysPerCharger = 64;

    /// <summary>
    /// Raises of the same alarm within <see cref="Window"/> that make it recurring. Three: a
    /// fault seen once is an incident and twice can be a retry of the same repair, while a third
    /// return within a day shows that nothing fixed it. At most <see cref="MaxRaisesToRaise"/>.
    /// </summary>
    public int RaisesToRaise { get; set; } = 3;

    /// <summary>Sliding window the raises are counted in. A day: covers a site's daily load and temperature cycle.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// Time without a new raise of the alarm that clears <c>alarm.recurring</c>. A day, as long as
    /// the window: by then the raises that made it recurring have left the window, so it does not flap.
    /// </summary>
    public TimeSpan QuietToClear { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How long an alarm may stay open before <c>alarm.aging</c>. Four hours: a fault that a
    /// remote reset or the charger itself can clear is gone well before; still open after half a
    /// shift means nobody has acted and a field visit has to be planned.
    /// </summary>
    public TimeSpan AgeToRaise { get; set; } = TimeSpan.FromHours(4);

    /// <summary>
    /// Distinct alarm keys kept per charger (one key = port + code). Eight: a charger rarely shows
    /// more than a few codes in a week, and the bound keeps a charger that sends endless distinct
    /// codes from growing memory; beyond it the least recently raised key is evicted and counted.
    /// </summary>
    public int KeysPerCharger { get; set; } = 8;

    public void Validate()
    {
        if (RaisesToRaise is < 2 or > MaxRaisesToRaise)
        {
            throw new ArgumentException($"Detectors:Alarms:RaisesToRaise must be between 2 and {MaxRaisesToRaise}.");
        }

        if (Window <= TimeSpan.Zero)
        {
            throw new ArgumentException("Detectors:Alarms:Window must be positive.");
        }

        if (QuietToClear <= TimeSpan.Zero)
        {
            throw new ArgumentException("Detectors:Alarms:QuietToClear must be positive.");
        }

        if (AgeToRaise <= TimeSpan.Zero)
        {
            throw new ArgumentException("Detectors:Alarms:AgeToRaise must be positive.");
        }

        if (KeysPerCharger is < 1 or > MaxKeysPerCharger)
        {
            throw new ArgumentException($"Detectors:Alarms:KeysPerCharger must be between 1 and {MaxKeysPerCharger}.");
        }
    }
}
