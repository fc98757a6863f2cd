using Microsoft.Extensions.Configuration;
using Telemetry.Cli.Hosting;
using Telemetry.Cli.Pipeline;
using Telemetry.Cli.Tests.Support;
using Telemetry.Ocpp.Events;
using Telemetry.Ocpp.Rejects;

namespace Telemetry.Cli.Tests;

public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task Metrics_ServesEventsByKindAndRejectsByReason_WhenAPortIsConfigured()
    {
        using var scraper = MetricsScraper.Serve();
        var processed = PipelineMetrics.Processed();
        processed.Increment((byte)EventKind.Heartbeat);
        processed.Increment((byte)EventKind.Heartbeat);
        processed.Publish();
        var rejected = PipelineMetrics.Rejected();
        rejected.Increment((byte)RejectReason.InvalidJson);
        rejected.Publish();

        var text = await scraper.MetricsAsync();

        Assert.Contains("# TYPE telemetry_events_processed_total counter", text, StringComparison.Ordinal);
        var processedLine = Assert.Single(text.Split('\n'), l => l.StartsWith("telemetry_events_processed_total{kind=\"Heartbeat\"}", StringComparison.Ordinal));
        Assert.True(double.Parse(processedLine.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture) >= 2, processedLine);
        Assert.Contains(text.Split('\n'), l => l.StartsWith("telemetry_records_rejected_total{reason=\"invalid_json\"}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Endpoint_Starts_WhileConnectionsArriveAsItStarts()
    {
        // A scraper or probe that connects while a restarted command starts its endpoint.
        const int Starts = 15;
        for (var start = 0; start < Starts; start++)
        {
            var port = MetricsScraper.FreePort();
            using var probing = new CancellationTokenSource();
            var prober = Task.Run(() => ConnectUntilCancelled(port, probing.Token));
            var configuration = new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { ["Metrics:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) })
                .Build();
            try
            {
                using var endpoint = MetricsEndpoint.StartIfConfigured(configuration, new HealthState());
                using var http = new HttpClient();
                Assert.Equal("ok\n", await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/healthz")));
            }
            finally
            {
                await probing.CancelAsync();
                await prober;
            }
        }
    }

    [Fact]
    public void Metrics_IsNotServed_WhenNoPortIsConfigured()
    {
        using var server = MetricsEndpoint.StartIfConfigured(new ConfigurationBuilder().Build(), new HealthState());

        Assert.Null(server);
    }

    private static void ConnectUntilCancelled(int port, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                using var client = new System.Net.Sockets.TcpClient();
                client.Connect(System.Net.IPAddress.Loopback, port);
            }
            catch (System.Net.Sockets.SocketException)
            {
                // Nothing listens yet, or no more.
            }
        }
    }
}
