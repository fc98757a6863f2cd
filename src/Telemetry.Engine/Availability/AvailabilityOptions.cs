namespace Telemetry.Engine.Availability;

/// <summary>Thresholds of the availability detector (configuration section <c>Detectors:Availability</c>).</summary>
public sealed class AvailabilityOptions
{
    /// <summary>
    /// Heartbeat interval assumed until a BootNotification result states one. 300 s is a common
    /// CSMS setting; the charger's own interval replaces it as soon as it is seen.
    /// </summary>
    public TimeSpan DefaultHeartbeatInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// A charger silent for this many heartbeat intervals (plus <see cref="OfflineGrace"/>) is
    /// offline. Two intervals tolerate one lost heartbeat without raising a false outage.
    /// </summary>
    public double OfflineAfterIntervals { get; set; } = 2;

    /// <summary>Allowance for heartbeat jitter and network delay on top of the intervals.</summary>
    public TimeSpan OfflineGrace { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How far behind the partition's latest event a charger's events may arrive. Silence is
    /// judged on the watermark (latest event time minus this), so a charger whose traffic lags
    /// the rest of its partition is not taken for offline.
    /// </summary>
    public TimeSpan AllowedLateness { get; set; } = TimeSpan.FromMinutes(2);

    public void Validate()
    {
        if (DefaultHeartbeatInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException("Detectors:Availability:DefaultHeartbeatInterval must be positive.");
        }

        if (OfflineAfterIntervals < 1)
        {
            throw new ArgumentException("Detectors:Availability:OfflineAfterIntervals must be at least 1.");
        }

        if (AllowedLateness < TimeSpan.Zero)
        {
            throw new ArgumentException("Detectors:Availability:AllowedLateness must not be negative.");
        }

        if (OfflineGrace < TimeSpan.Zero)
        {
            throw new ArgumentException("Detectors:Availability:OfflineGrace must not be negative.");
        }
    }
}
