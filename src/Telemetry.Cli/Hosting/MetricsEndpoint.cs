using Microsoft.Extensions.Configuration;
using Prometheus;

namespace Telemetry.Cli.Hosting;

/// <summary>
/// Serves Prometheus <c>/metrics</c> when a port is configured (<c>--metrics-port</c> or
/// <c>Metrics:Port</c>): the executable's counters, and System.Diagnostics.Metrics meters of
/// the libraries (names starting <c>Telemetry.</c>) through prometheus-net's meter adapter, so
/// library code needs no exporter reference.
/// </summary>
internal sealed class MetricsEndpoint : IDisposable
{
    private readonly MetricServer _server;
    private readonly IDisposable _meters;

    private MetricsEndpoint(string host, int port)
    {
        _meters = MeterAdapter.StartListening(new MeterAdapterOptions
        {
            InstrumentFilterPredicate = static instrument => instrument.Meter.Name.StartsWith("Telemetry.", StringComparison.Ordinal),
        });
        _server = new MetricServer(host, port);
        _server.Start();
    }

    public static MetricsEndpoint? StartIfConfigured(IConfiguration configuration)
    {
        var port = configuration.GetValue<int?>("Metrics:Port");
        if (port is null or 0)
        {
            return null;
        }

        return new MetricsEndpoint(configuration.GetValue<string>("Metrics:Host") ?? "127.0.0.1", port.Value);
    }

    public void Dispose()
    {
        _server.Dispose();
        _meters.Dispose();
    }
}
