namespace Telemetry.Simulator.Scoring;

/// <summary>How far from a fault's window a signal may fall and still be counted for it.</summary>
public sealed class ScoringOptions
{
    /// <summary>A signal may begin this long before the fault starts (clocks and event order differ a little).</summary>
    public TimeSpan Lead { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// A signal may begin this long after the fault ends: detectors that need a pattern to
    /// settle (aging, recurrence, durability of a restart) raise late by design.
    /// </summary>
    public TimeSpan Tolerance { get; init; } = TimeSpan.FromHours(2);
}
