namespace Telemetry.Timescale.Reports;

/// <summary>
/// Limits on how much outage an exclusion may excuse (configuration section
/// <see cref="SectionName"/>); time beyond a limit counts as outage. Both are off unless set.
/// California's reliability rules use 10 days per vandalism incident and 72 hours of planned
/// maintenance per port per calendar year.
/// </summary>
public sealed class ExclusionCaps
{
    public const string SectionName = "Reports:ExclusionCaps";

    /// <summary>Longest stretch after its start that one vandalism exclusion covers; null: no limit.</summary>
    public TimeSpan? VandalismPerIncident { get; set; }

    /// <summary>Most outage time maintenance exclusions excuse per port per UTC calendar year, earliest first; null: no limit.</summary>
    public TimeSpan? MaintenancePerYear { get; set; }

    /// <exception cref="ArgumentOutOfRangeException">A limit is negative.</exception>
    public void Validate()
    {
        if (VandalismPerIncident is { } vandalism)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(vandalism, TimeSpan.Zero, nameof(VandalismPerIncident));
        }

        if (MaintenancePerYear is { } maintenance)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(maintenance, TimeSpan.Zero, nameof(MaintenancePerYear));
        }
    }
}
