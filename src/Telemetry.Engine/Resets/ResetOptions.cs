using Telemetry.Engine.Comms;
using Telemetry.Engine.Windows;

namespace Telemetry.Engine.Resets;

/// <summary>Thresholds of the reset detector (configuration section <c>Detectors:Resets</c>).</summary>
public sealed class ResetOptions
{
    /// <summary>Upper bound of <see cref="UnplannedToRaise"/>: the per-charger ring keeps this many boot times.</summary>
    public const int MaxUnplannedToRaise = RecentTimes.Capacity;

    /// <summary>
    /// How long after a CSMS Reset request a boot is taken as its result. Fifteen minutes: a
    /// Reset OnIdle waits for the running session to end and a hard reboot of a DC charger
    /// takes several minutes, while a boot later than that is unlikely to be the one asked for.
    /// </summary>
    public TimeSpan PlannedWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Unplanned boots within <see cref="Window"/> that make restarts frequent. Three: one crash
    /// or power cut a day happens to healthy chargers, three point at a fault (watchdog loop,
    /// failing supply). At most <see cref="MaxUnplannedToRaise"/>.
    /// </summary>
    public int UnplannedToRaise { get; set; } = 3;

    /// <summary>Sliding window the unplanned boots are counted in. A day: covers the daily load cycle of a site.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// Time without an unplanned boot that clears the signal. A day, as long as the window: by
    /// then the boots that raised it have left the window, so the clear does not flap.
    /// </summary>
    public TimeSpan QuietToClear { get; set; } = TimeSpan.FromHours(24);

    public void Validate()
    {
        if (UnplannedToRaise is < 2 or > MaxUnplannedToRaise)
        {
            throw new ArgumentException($"Detectors:Resets:UnplannedToRaise must be between 2 and {MaxUnplannedToRaise}.");
        }

        if (PlannedWindow <= TimeSpan.Zero)
        {
            throw new ArgumentException("Detectors:Resets:PlannedWindow must be positive.");
        }

        if (Window <= TimeSpan.Zero)
        {
            throw new ArgumentException("Detectors:Resets:Window must be positive.");
        }

        if (QuietToClear <= TimeSpan.Zero)
        {
            throw new ArgumentException("Detectors:Resets:QuietToClear must be positive.");
        }
    }
}
