using Confluent.Kafka;
using Telemetry.Cli.Correlation;
using Telemetry.Cli.Hosting;
using Telemetry.Cli.Tests.Support;
using Telemetry.Kafka;
using Telemetry.Kafka.Publishing;
using Telemetry.Testing;

namespace Telemetry.Cli.Tests.Correlation;

/// <summary>The producer series of process and correlate follow their publisher: queue depth while messages wait, delivery errors once Kafka gave up on them.</summary>
[Collection(ScrapedMetrics.Name)]
public sealed class ProducerMetricsTests
{
    private const int Messages = 5;
    private const string QueueDepth = "telemetry_produce_queue_depth";
    private const string DeliveryErrors = "telemetry_produce_delivery_errors_total";

    [Fact]
    public async Task Publish_AddsTheWaitingMessagesToTheQueueDepth_ThenTheirDeliveryErrors_WhenNoBrokerAnswers()
    {
        var options = new KafkaOptions();
        // Nothing listens on port 1: every message times out, undelivered, soon.
        options.ClientSettings["message.timeout.ms"] = "200";
        using var publisher = new KafkaPublisher("127.0.0.1:1", options, "test-unreachable");
        using var scraper = MetricsScraper.Serve();
        var metrics = new ProducerMetrics();
        metrics.Publish(publisher);
        var before = await scraper.MetricsAsync();

        for (var i = 0; i < Messages; i++)
        {
            publisher.Produce("telemetry.decisions", new Message<byte[], byte[]> { Key = [1], Value = [2] });
        }

        metrics.Publish(publisher);
        var waiting = await scraper.MetricsAsync();
        Assert.True(publisher.Flush(TimeSpan.FromSeconds(30)), "the client kept the messages past their timeout");
        metrics.Publish(publisher);
        var failed = await scraper.MetricsAsync();

        Assert.Equal(Messages, Delta(before, waiting, QueueDepth));
        Assert.Equal(0, Delta(before, waiting, DeliveryErrors));
        Assert.Equal(0, Delta(before, failed, QueueDepth));
        Assert.Equal(Messages, Delta(before, failed, DeliveryErrors));
        Assert.Equal(0, AllocationMeter.FewestBytes(() => metrics.Publish(publisher)));
    }

    private static double Delta(string before, string after, string series) =>
        MetricsText.Required(after, series) - MetricsText.Required(before, series);
}
