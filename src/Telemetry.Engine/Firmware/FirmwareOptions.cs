using Telemetry.Engine.Windows;

namespace Telemetry.Engine.Firmware;

/// <summary>Thresholds of the firmware failure detector (configuration section <c>Detectors:Firmware</c>).</summary>
public sealed class FirmwareOptions
{
    /// <summary>Upper bound of <see cref="FailuresToRaise"/>: the per-charger ring keeps this many failure times.</summary>
    public const int MaxFailuresToRaise = RecentTimes.Capacity;

    /// <summary>
    /// Failed update attempts within <see cref="Window"/> that raise <c>firmware.failure</c>. One:
    /// an update is a deliberate, rare operation and a failed attempt leaves the charger on an
    /// image nobody chose; the same failure on chargers of one model is what the correlator must
    /// see early. At most <see cref="MaxFailuresToRaise"/>.
    /// </summary>
    public int FailuresToRaise { get; set; } = 1;

    /// <summary>Sliding window the failures are counted in. A week: the retries of an update campaign span days.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromDays(7);

    public void Validate()
    {
        if (FailuresToRaise is < 1 or > MaxFailuresToRaise)
        {
            throw new ArgumentException($"Detectors:Firmware:FailuresToRaise must be between 1 and {MaxFailuresToRaise}.");
        }

        if (Window <= TimeSpan.Zero)
        {
            throw new ArgumentException("Detectors:Firmware:Window must be positive.");
        }
    }
}
