using System.Globalization;
using System.Net;
using Confluent.Kafka;
using Telemetry.Kafka;
using Telemetry.Kafka.Embedded;

using Telemetry.Cli.Tests.Support;

namespace Telemetry.Cli.Tests.Ingest;

/// <summary><c>telemetry ingest --from-topic</c> serves the ingest series of issue 7 "Operations" on <c>/metrics</c>.</summary>
public sealed class RawFrameMetricsTests
{
    private const string RawTopicName = "tap.raw";
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task IngestFromTopic_ServesRecordsByKindRejectsByReasonAndProducerSeries_OnMetrics()
    {
        var capture = TapStreams.Split(streams: 1, chargers: 4, seed: 11)[0];
        var messages = RawTopic.TapRecords(capture);
        messages.Add(new Message<byte[], byte[]> { Key = "CP-BAD"u8.ToArray(), Value = "{\"ts\":"u8.ToArray() });
        using var kafka = new EmbeddedKafka();
        var options = RawTopic.ShortSessions(new KafkaOptions());
        kafka.CreateTopic(RawTopicName, 2);
        kafka.CreateTopic(options.EventsTopic, 2);
        kafka.CreateTopic(options.DeadLetterTopic, 1);
        RawTopic.Produce(kafka.BootstrapServers, RawTopicName, messages);
        var port = MetricsScraper.FreePort();

        using var child = IngestChild.Start(kafka.BootstrapServers, options, RawTopicName, new Dictionary<string, string>
        {
            ["Metrics:Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["Gateway:RawFramesGroupId"] = "ingest-metrics",
        });
        using var http = new HttpClient();
        var metrics = await ScrapeUntilAsync(http, port, text => text.Contains("telemetry_records_rejected_total{reason=\"invalid_json\"} 1", StringComparison.Ordinal), () => child.Stderr);

        Assert.Matches(@"(?m)^telemetry_events_ingested_total\{kind=""[A-Za-z]+""\} [1-9]\d*$", metrics);
        Assert.Matches(@"(?m)^telemetry_produce_queue_depth \d+$", metrics);
        Assert.Matches(@"(?m)^telemetry_produce_delivery_errors_total 0$", metrics);
        Assert.Matches(@"(?m)^telemetry_produce_queue_full_waits_total \d+$", metrics);
        Assert.DoesNotContain("CP-", metrics, StringComparison.Ordinal);
    }

    private static async Task<string> ScrapeUntilAsync(HttpClient http, int port, Func<string, bool> done, Func<string> state)
    {
        using var guard = new CancellationTokenSource(s_timeout);
        var text = string.Empty;
        while (!guard.IsCancellationRequested)
        {
            try
            {
                text = await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics"), guard.Token);
                if (done(text))
                {
                    return text;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            try
            {
                await Task.Delay(200, guard.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        Assert.Fail($"/metrics never showed the run's series:\n{text}\n{state()}");
        return text;
    }
}
