using System.Globalization;
using Microsoft.Extensions.Configuration;
using Telemetry.Cli.Hosting;

namespace Telemetry.Cli.Commands;

/// <summary>
/// How long the process waits, after SIGTERM or Ctrl+C, for the running command to stop before
/// it is ended: the largest configured <c>*:ShutdownTimeout</c> plus a margin for what comes
/// around the producer flush (finishing and committing the last batch, checkpoints, leaving the
/// consumer group), so that the configured timeout, not this bound, decides how a command stops.
/// </summary>
internal static class ShutdownBudget
{
    /// <summary>The margin beyond the largest shutdown timeout (the bound used before the timeouts were configurable).</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromMinutes(2);

    /// <summary>The configuration keys of the commands' producer flush on shutdown.</summary>
    public static readonly IReadOnlyList<string> Keys = ["Gateway:ShutdownTimeout", "Processing:ShutdownTimeout", "Correlate:ShutdownTimeout"];

    private static readonly TimeSpan s_defaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The budget from the configuration a command sees (appsettings.json files and <c>TELEMETRY_*</c> variables).</summary>
    public static TimeSpan FromEnvironment() => Of(new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
        .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
        .AddEnvironmentVariables(TelemetryHost.EnvironmentPrefix)
        .Build());

    /// <summary>
    /// The largest of the configured shutdown timeouts (30 s where one is not set) plus <see cref="Margin"/>.
    /// A value that does not parse is left to the command to reject with its own message.
    /// </summary>
    public static TimeSpan Of(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var largest = s_defaultTimeout;
        foreach (var key in Keys)
        {
            if (TimeSpan.TryParse(configuration[key], CultureInfo.InvariantCulture, out var timeout) && timeout > largest)
            {
                largest = timeout;
            }
        }

        return largest + Margin;
    }
}
