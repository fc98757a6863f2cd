namespace Telemetry.Engine.Health;

/// <summary>Settings of the health score (configuration section <c>Detectors:Health</c>).</summary>
public sealed class HealthOptions
{
    /// <summary>
    /// How long an unplanned boot, a failed session, a disconnect or an unanswered CALL lowers
    /// the score after it happened. One hour: long enough to show on a dashboard's minute view,
    /// short enough that a port recovers its score on the same shift.
    /// </summary>
    public TimeSpan RecentWindow { get; set; } = TimeSpan.FromHours(1);

    public void Validate()
    {
        if (RecentWindow <= TimeSpan.Zero)
        {
            throw new ArgumentException("Detectors:Health:RecentWindow must be positive.");
        }
    }
}
