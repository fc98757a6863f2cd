using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Telemetry.Cli.Hosting;

namespace Telemetry.Cli.Commands;

/// <summary>
/// Runs a command's body inside the host and maps failures to exit codes with a one-line
/// reason on stderr: bad input or usage → 2, anything else at run time → 1.
/// </summary>
internal static class CommandRunner
{
    public static async Task<int> RunAsync(
        IReadOnlyDictionary<string, string?> settings,
        Func<IServiceProvider, CancellationToken, Task<int>> body,
        CancellationToken cancellationToken)
    {
        try
        {
            using var host = TelemetryHost.Build(settings);
            using var metrics = MetricsEndpoint.StartIfConfigured(host.Services.GetRequiredService<IConfiguration>(), host.Services.GetRequiredService<HealthState>());
            return await body(host.Services, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsBadInput(e))
        {
            await Console.Error.WriteLineAsync($"telemetry: {e.Message}").ConfigureAwait(false);
            return ExitCodes.BadUsage;
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("telemetry: cancelled").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            await Console.Error.WriteLineAsync($"telemetry: {e.GetType().Name}: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
    }

    private static bool IsBadInput(Exception e) =>
        e is ArgumentException or FormatException or FileNotFoundException or DirectoryNotFoundException or JsonException;
}
