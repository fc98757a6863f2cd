using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Telemetry.Cli.Hosting;

/// <summary>Reads the database connection string from configuration; null when none is set.</summary>
internal static class TimescaleSettings
{
    public static string? ConnectionString(IServiceProvider services)
    {
        var value = services.GetRequiredService<IConfiguration>()["Timescale:ConnectionString"];
        return string.IsNullOrWhiteSpace(value) ? null : value;
    }
}
