using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Telemetry.Cli.Hosting;
using Telemetry.Cli.Pipeline;
using Telemetry.Ocpp.Events;
using Telemetry.Ocpp.Rejects;

namespace Telemetry.Cli.Tests;

public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task Metrics_ServesEventsByKindAndRejectsByReason_WhenAPortIsConfigured()
    {
        var port = FreePort();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Metrics:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            .Build();
        using var server = MetricsEndpoint.StartIfConfigured(configuration, new HealthState());
        Assert.NotNull(server);
        var processed = PipelineMetrics.Processed();
        processed.Increment((byte)EventKind.Heartbeat);
        processed.Increment((byte)EventKind.Heartbeat);
        processed.Publish();
        var rejected = PipelineMetrics.Rejected();
        rejected.Increment((byte)RejectReason.InvalidJson);
        rejected.Publish();

        using var http = new HttpClient();
        var text = await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics"));

        Assert.Contains("# TYPE telemetry_events_processed_total counter", text, StringComparison.Ordinal);
        var processedLine = Assert.Single(text.Split('\n'), l => l.StartsWith("telemetry_events_processed_total{kind=\"Heartbeat\"}", StringComparison.Ordinal));
        Assert.True(double.Parse(processedLine.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture) >= 2, processedLine);
        Assert.Contains(text.Split('\n'), l => l.StartsWith("telemetry_records_rejected_total{reason=\"invalid_json\"}", StringComparison.Ordinal));
    }

    [Fact]
    public void Metrics_IsNotServed_WhenNoPortIsConfigured()
    {
        using var server = MetricsEndpoint.StartIfConfigured(new ConfigurationBuilder().Build(), new HealthState());

        Assert.Null(server);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
