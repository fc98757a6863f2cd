using Npgsql;

namespace Telemetry.Timescale;

/// <summary>Builds the one <see cref="NpgsqlDataSource"/> a process shares for all its writes.</summary>
public static class TimescaleDataSource
{
    /// <exception cref="ArgumentException">The connection string is empty or malformed.</exception>
    public static NpgsqlDataSource Create(TimescaleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new ArgumentException("Timescale connection string is empty.", nameof(options));
        }

        NpgsqlDataSourceBuilder builder;
        try
        {
            builder = new NpgsqlDataSourceBuilder(options.ConnectionString);
        }
        catch (ArgumentException)
        {
            // The parser's message may quote the string, password included: report the fact only.
            throw new ArgumentException("Timescale connection string is malformed.", nameof(options));
        }

        builder.ConnectionStringBuilder.ApplicationName ??= "telemetry";
        return builder.Build();
    }
}
