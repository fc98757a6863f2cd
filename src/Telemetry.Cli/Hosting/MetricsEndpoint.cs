using Microsoft.Extensions.Configuration;
using Prometheus;

namespace Telemetry.Cli.Hosting;

/// <summary>
/// Serves Prometheus <c>/metrics</c> when a port is configured (<c>--metrics-port</c> or
/// <c>Metrics:Port</c>). prometheus-net also exports the engine's System.Diagnostics.Metrics
/// instruments, so library code needs no exporter reference.
/// </summary>
internal static class MetricsEndpoint
{
    public static IDisposable? StartIfConfigured(IConfiguration configuration)
    {
        var port = configuration.GetValue<int?>("Metrics:Port");
        if (port is null or 0)
        {
            return null;
        }

        var host = configuration.GetValue<string>("Metrics:Host") ?? "127.0.0.1";
        var server = new MetricServer(host, port.Value);
        server.Start();
        return server;
    }
}
