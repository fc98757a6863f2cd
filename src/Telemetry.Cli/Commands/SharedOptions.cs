using System.CommandLine;

namespace Telemetry.Cli.Commands;

/// <summary>Options that several commands share, defined once so their names and help agree.</summary>
internal static class SharedOptions
{
    public static Option<string?> Out(string description) => new("--out") { Description = description };

    public static Option<string?> Timescale() => new("--timescale")
    {
        Description = "PostgreSQL/TimescaleDB connection string (Npgsql format); also Timescale:ConnectionString.",
    };

    public static Option<string?> Kafka() => new("--kafka")
    {
        Description = "Kafka bootstrap servers; without it the embedded Kafka (librdkafka's mock cluster) is used.",
    };

    public static Option<string?> Format() => new("--format")
    {
        Description = "Capture format: tap (JSON Lines) or csv (CSMS log export: timestamp,id,action,msg). Default: csv for a .csv file, else tap.",
    };

    public static Option<int?> MetricsPort() => new("--metrics-port")
    {
        Description = "Serve Prometheus /metrics on this port while running; also Metrics:Port.",
    };

    public static Option<int> Positive(string name, string description, int defaultValue)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(result =>
        {
            // Conversion errors are reported by the parser itself; only a parsed number is checked here.
            if (result.Tokens.Count == 1 && int.TryParse(result.Tokens[0].Value, System.Globalization.CultureInfo.InvariantCulture, out var value) && value < 1)
            {
                result.AddError($"{name} must be at least 1.");
            }
        });
        return option;
    }

    /// <summary>Command-line values as configuration keys; unset options are left out so lower layers apply.</summary>
    public static Dictionary<string, string?> Settings(params (string Key, object? Value)[] values)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in values)
        {
            if (value is not null)
            {
                settings[key] = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return settings;
    }
}
