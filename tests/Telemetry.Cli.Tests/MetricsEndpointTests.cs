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
    public void Metrics_IsNotServed_WhenNoPortIsConfigured()
    {
        using var server = MetricsEndpoint.StartIfConfigured(new ConfigurationBuilder().Build(), new HealthState());

        Assert.Null(server);
    }
}
