namespace Telemetry.Timescale;

/// <summary>Database settings, bound from configuration (section <see cref="SectionName"/>).</summary>
public sealed class TimescaleOptions
{
    public const string SectionName = "Timescale";

    /// <summary>Npgsql connection string. May hold a password: never log it.</summary>
    public string ConnectionString { get; set; } = string.Empty;
}
