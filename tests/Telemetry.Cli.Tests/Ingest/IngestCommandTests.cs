using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Confluent.Kafka;
using Telemetry.Cli.Tests.Support;
using Telemetry.Kafka;
using Telemetry.Kafka.Embedded;

namespace Telemetry.Cli.Tests.Ingest;

public sealed partial class IngestCommandTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Ingest_ServesUntilSigterm_ThenDeliversEverythingAndExitsZero()
    {
        var stream = TapStreams.Split(streams: 1, chargers: 6, seed: 9)[0];
        var expected = await TapStreams.ParseAsync(stream);
        var options = new KafkaOptions();
        using var kafka = KafkaWithIngestTopics(options);
        var metricsPort = MetricsScraper.FreePort();
        using var gateway = RunningTelemetry.Start(
            "ingest", "--listen", "127.0.0.1:0", "--kafka", kafka.BootstrapServers, "--metrics-port", metricsPort.ToString(CultureInfo.InvariantCulture));

        var listening = await gateway.WaitForLogAsync(ListeningLine(), s_timeout);
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri($"http://127.0.0.1:{metricsPort}/readyz"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri($"http://127.0.0.1:{metricsPort}/healthz"))).StatusCode);
        using (var client = new TcpClient())
        {
            await client.ConnectAsync(IPAddress.Loopback, int.Parse(listening.Groups["port"].Value, CultureInfo.InvariantCulture));
            var network = client.GetStream();
            await network.WriteAsync(stream);
            client.Client.Shutdown(SocketShutdown.Send);
            await network.ReadAsync(new byte[1]).AsTask().WaitAsync(s_timeout);
        }

        await gateway.WaitForLogAsync(ClosedLine(), s_timeout);
        gateway.Terminate();
        var result = await gateway.WaitForExitAsync(s_timeout);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Gateway stopped: 1 streams served", result.Stderr, StringComparison.Ordinal);
        var produced = TopicReader.Events(kafka.BootstrapServers, options);
        Assert.Equal(expected.Count, produced.Count);
        Assert.Equal(expected.OrderBy(e => e.ChargePoint, StringComparer.Ordinal).ThenBy(e => e.Event.TimestampMs), produced.OrderBy(e => e.ChargePoint, StringComparer.Ordinal).ThenBy(e => e.Event.TimestampMs));
    }

    [Fact]
    public async Task Ingest_LogsCountsAndExitsOne_WhenKafkaRefusesMessagesOfATapStream()
    {
        var stream = TapStreams.Split(streams: 1, chargers: 6, seed: 9)[0];
        var expected = await TapStreams.ParseAsync(stream);
        var options = new KafkaOptions();
        using var kafka = KafkaWithIngestTopics(options);
        var metricsPort = MetricsScraper.FreePort();
        using var gateway = RunningTelemetry.Start(
            "ingest", "--listen", "127.0.0.1:0", "--kafka", kafka.BootstrapServers, "--metrics-port", metricsPort.ToString(CultureInfo.InvariantCulture));
        var listening = await gateway.WaitForLogAsync(ListeningLine(), s_timeout);

        // Kafka refuses the gateway's first Produce request for good: a tap stream cannot be
        // read again, so those events are lost, and that must be loud.
        kafka.Cluster.PushRequestErrors(KafkaApiKey.Produce, ErrorCode.TopicAuthorizationFailed);
        var reset = false;
        using (var client = new TcpClient())
        {
            await client.ConnectAsync(IPAddress.Loopback, int.Parse(listening.Groups["port"].Value, CultureInfo.InvariantCulture));
            var network = client.GetStream();
            try
            {
                await network.WriteAsync(stream);
                client.Client.Shutdown(SocketShutdown.Send);
                await network.ReadAsync(new byte[1]).AsTask().WaitAsync(s_timeout);
            }
            catch (IOException)
            {
                reset = true;
            }
        }

        await gateway.WaitForLogAsync(UndeliveredLine(), s_timeout);
        using var http = new HttpClient();
        var metrics = await http.GetStringAsync(new Uri($"http://127.0.0.1:{metricsPort}/metrics"));
        gateway.Terminate();
        var result = await gateway.WaitForExitAsync(s_timeout);

        Assert.True(result.ExitCode == 1, result.ToString());
        var exit = ExitLine().Match(result.Stderr);
        var errors = long.Parse(exit.Groups["errors"].Value, CultureInfo.InvariantCulture);
        var cutOff = long.Parse(exit.Groups["inputs"].Value, CultureInfo.InvariantCulture);
        var taken = long.Parse(StoppedLine().Match(result.Stderr).Groups["events"].Value, CultureInfo.InvariantCulture);
        Assert.True(errors > 0, result.Stderr);
        Assert.Matches(@"(?m)^telemetry_produce_delivery_errors_total [1-9]\d*$", metrics);
        // Every event the gateway took is on the topic (once) or counted as not delivered.
        Assert.True(taken == TopicReader.Events(kafka.BootstrapServers, options).Count + errors, result.ToString());
        // The rest, if any, was refused: the stream was cut off with a reset, and that is logged and counted.
        if (taken < expected.Count)
        {
            Assert.True(reset, result.ToString());
            Assert.Equal(1, cutOff);
            Assert.Contains("cut off: Kafka refused a message", result.Stderr, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(expected.Count, taken);
            Assert.Equal(0, cutOff);
        }
    }

    [Fact]
    public async Task Ingest_StopsOnSigtermAndExitsOne_WhileKafkaIsDownAndTheQueueIsFull()
    {
        var stream = TapStreams.Split(streams: 1, chargers: 6, seed: 9)[0];
        var options = new KafkaOptions();
        using var kafka = KafkaWithIngestTopics(options);
        var metricsPort = MetricsScraper.FreePort();
        using var gateway = RunningTelemetry.StartWith(
            new Dictionary<string, string>
            {
                ["TELEMETRY_Kafka__MaxQueuedMessages"] = "100",
                ["TELEMETRY_Gateway__ShutdownTimeout"] = "00:00:02",
            },
            "ingest", "--listen", "127.0.0.1:0", "--kafka", kafka.BootstrapServers, "--metrics-port", metricsPort.ToString(CultureInfo.InvariantCulture));
        var listening = await gateway.WaitForLogAsync(ListeningLine(), s_timeout);

        // Kafka goes down; messages no longer time out, so the stream fills the queue and its
        // connection waits on it. A SIGTERM must still stop the gateway, reporting what is left.
        kafka.Cluster.SetBrokerDown(1);
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, int.Parse(listening.Groups["port"].Value, CultureInfo.InvariantCulture));
        var sending = client.GetStream().WriteAsync(stream).AsTask();
        using var http = new HttpClient();
        await ScrapeUntilAsync(http, metricsPort, QueueFullWaits());
        gateway.Terminate();
        var result = await gateway.WaitForExitAsync(s_timeout);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Matches(@"\d+ messages were still unacknowledged after 2 s", result.Stderr);
        Assert.Contains("stopped by shutdown", result.Stderr, StringComparison.Ordinal);
        client.Dispose();
        // The gateway reset the connection with the stream unread, or took all of it: either ends the write.
        await sending.ContinueWith(static _ => { }, TaskScheduler.Default).WaitAsync(s_timeout);
    }

    [Fact]
    public async Task Ingest_ExitsTwoWithAReason_WithoutKafka()
    {
        var result = await TelemetryProcess.RunAsync("ingest", "--listen", "127.0.0.1:0");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--kafka", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_ExitsTwoWithAReason_WithNeitherListenNorFromTopic()
    {
        var result = await TelemetryProcess.RunAsync("ingest", "--kafka", "127.0.0.1:9");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--from-topic", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_ExitsTwoWithAReason_WhenListenIsNotHostAndPort()
    {
        var result = await TelemetryProcess.RunAsync("ingest", "--listen", "127.0.0.1", "--kafka", "127.0.0.1:9");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("is not HOST:PORT", result.Stderr, StringComparison.Ordinal);
    }

    private static async Task ScrapeUntilAsync(HttpClient http, int port, Regex pattern)
    {
        using var guard = new CancellationTokenSource(s_timeout);
        while (true)
        {
            try
            {
                if (pattern.IsMatch(await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics"), guard.Token)))
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not serving yet.
            }

            await Task.Delay(100, guard.Token);
        }
    }

    private static EmbeddedKafka KafkaWithIngestTopics(KafkaOptions options)
    {
        var kafka = new EmbeddedKafka();
        kafka.CreateTopic(options.EventsTopic, 4);
        kafka.CreateTopic(options.DeadLetterTopic, 1);
        return kafka;
    }

    [GeneratedRegex(@"Listening for tap streams on 127\.0\.0\.1:(?<port>\d+)")]
    private static partial Regex ListeningLine();

    [GeneratedRegex(@"Tap stream tcp:\S+ closed")]
    private static partial Regex ClosedLine();

    [GeneratedRegex(@"Kafka refused \d+ messages of tap streams for good")]
    private static partial Regex UndeliveredLine();

    [GeneratedRegex(@"(?<errors>\d+) messages were not delivered to Kafka, (?<inputs>\d+) inputs stopped by a refused message; exiting 1")]
    private static partial Regex ExitLine();

    [GeneratedRegex(@"(?m)^telemetry_produce_queue_full_waits_total [1-9]\d*$")]
    private static partial Regex QueueFullWaits();

    [GeneratedRegex(@"Gateway stopped: 1 streams served, (?<events>\d+) events")]
    private static partial Regex StoppedLine();
}
