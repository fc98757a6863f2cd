using Telemetry.Engine.Windows;

namespace Telemetry.Engine.Comms;

/// <summary>Thresholds of the comms stability detector (configuration section <c>Detectors:Comms</c>).</summary>
public sealed class CommsOptions
{
    /// <summary>
    /// Disconnects within <see cref="Window"/> that make a link unstable. Three: one drop is
    /// routine (a CSMS deploy, a cellular handover) and two can be coincidence, while three in
    /// an hour is a pattern worth a look. At most <see cref="MaxDisconnectsToRaise"/>.
    /// </summary>
    public int DisconnectsToRaise { get; set; } = 3;

    /// <summary>
    /// Sliding window the disconnects are counted in. One hour: long enough to catch a link that
    /// drops every 15-20 minutes, short enough that a few drops a day (normal on cellular) stay quiet.
    /// </summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Unbroken connection that clears the signal. One hour, as long as the window: a link that
    /// holds that long would no longer raise the signal, so the clear does not flap.
    /// </summary>
    public TimeSpan QuietToClear { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Upper bound of <see cref="DisconnectsToRaise"/>: the per-charger ring keeps this many times.</summary>
    public const int MaxDisconnectsToRaise = RecentTimes.Capacity;

    public void Validate()
    {
        if (DisconnectsToRaise is < 2 or > MaxDisconnectsToRaise)
        {
            throw new ArgumentException($"Detectors:Comms:DisconnectsToRaise must be between 2 and {MaxDisconnectsToRaise}.");
        }

        if (Window <= TimeSpan.Zero)
        {
            throw new ArgumentException("Detectors:Comms:Window must be positive.");
        }

        if (QuietToClear <= TimeSpan.Zero)
        {
            throw new ArgumentException("Detectors:Comms:QuietToClear must be positive.");
        }
    }
}
