namespace Telemetry.Timescale.Exclusions;

/// <summary>
/// The reasons 23 CFR 680.116(b)(2) allows, as the <c>exclusions.reason</c> column holds them:
/// planned maintenance, utility outage, vandalism, natural disaster, hours the site is closed,
/// and faults of the vehicle.
/// </summary>
public static class ExclusionReasons
{
    public const string Maintenance = "maintenance";
    public const string Utility = "utility";
    public const string Vandalism = "vandalism";
    public const string Disaster = "disaster";
    public const string Hours = "hours";
    public const string Vehicle = "vehicle";

    public static IReadOnlyList<string> All { get; } = [Maintenance, Utility, Vandalism, Disaster, Hours, Vehicle];

    /// <exception cref="ArgumentException">Not one of <see cref="All"/>.</exception>
    public static string Parse(string? text)
    {
        foreach (var reason in All)
        {
            if (string.Equals(reason, text, StringComparison.OrdinalIgnoreCase))
            {
                return reason;
            }
        }

        throw new ArgumentException($"--reason: '{text}' is not one of {string.Join('|', All)}.");
    }
}
