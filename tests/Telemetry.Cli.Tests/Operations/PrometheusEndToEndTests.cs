using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Telemetry.Cli.Tests.Ingest;
using Telemetry.Cli.Tests.Support;
using Telemetry.Kafka;
using Telemetry.Kafka.Embedded;

namespace Telemetry.Cli.Tests.Operations;

/// <summary>
/// The end-to-end Prometheus check of docs/operations.md: Debian's prometheus, with the alert
/// rules of ops/prometheus, scrapes a running gateway and answers for what it ingested.
/// </summary>
public sealed partial class PrometheusEndToEndTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Prometheus_AnswersEventsIngestedAndRejects_AfterScrapingARunningGateway()
    {
        var stream = TapStreams.Split(streams: 1, chargers: 4, seed: 5)[0];
        var expected = (await TapStreams.ParseAsync(stream)).Count;
        using var kafka = new EmbeddedKafka();
        var options = new KafkaOptions();
        kafka.CreateTopic(options.EventsTopic, 2);
        kafka.CreateTopic(options.DeadLetterTopic, 1);
        var metricsPort = MetricsScraper.FreePort();
        using var gateway = RunningTelemetry.Start(
            "ingest", "--listen", "127.0.0.1:0", "--kafka", kafka.BootstrapServers, "--metrics-port", metricsPort.ToString(CultureInfo.InvariantCulture));
        var listening = await gateway.WaitForLogAsync(ListeningLine(), s_timeout);
        using (var client = new TcpClient())
        {
            await client.ConnectAsync(IPAddress.Loopback, int.Parse(listening.Groups["port"].Value, CultureInfo.InvariantCulture));
            var network = client.GetStream();
            await network.WriteAsync(stream);
            await network.WriteAsync("this record is not JSON\n"u8.ToArray());
            client.Client.Shutdown(SocketShutdown.Send);
            await network.ReadAsync(new byte[1]).AsTask().WaitAsync(s_timeout);
        }

        await gateway.WaitForLogAsync(ClosedLine(), s_timeout);
        using var directory = new TempDirectory();
        var config = directory.File("prometheus.yml");
        await File.WriteAllTextAsync(config, Config(metricsPort));
        using var prometheus = await PrometheusServer.StartAsync(config, directory.File("data"), s_timeout);

        var ingested = await WaitForValueAsync(prometheus, "sum(telemetry_events_ingested_total{job=\"telemetry-ingest\"})", expected);
        var rejected = await prometheus.QueryAsync("sum(telemetry_records_rejected_total{job=\"telemetry-ingest\"})");
        var up = await prometheus.QueryAsync("up{job=\"telemetry-ingest\"}");
        var alerts = await prometheus.AlertNamesAsync();

        Assert.True(expected > 0);
        Assert.Equal(expected, ingested);
        Assert.Equal(1d, Assert.Single(rejected).Value);
        Assert.Equal(1d, Assert.Single(up).Value);
        Assert.Equal(RuleAlertNames().Order(StringComparer.Ordinal), alerts.Order(StringComparer.Ordinal));
    }

    private static string Config(int metricsPort) =>
        new StringBuilder()
            .AppendLine("global:")
            .AppendLine("  scrape_interval: 1s")
            .AppendLine("  evaluation_interval: 1s")
            .AppendLine("rule_files:")
            .AppendLine(CultureInfo.InvariantCulture, $"  - \"{OpsFiles.Path("prometheus", "rules", "telemetry.rules.yml")}\"")
            .AppendLine("scrape_configs:")
            .AppendLine("  - job_name: telemetry-ingest")
            .AppendLine("    static_configs:")
            .AppendLine(CultureInfo.InvariantCulture, $"      - targets: [\"127.0.0.1:{metricsPort}\"]")
            .ToString();

    /// <summary>Waits until the query answers <paramref name="expected"/>: the first scrape may come before the gateway's last publish.</summary>
    private static async Task<double> WaitForValueAsync(PrometheusServer prometheus, string query, double expected)
    {
        using var guard = new CancellationTokenSource(s_timeout);
        double? last = null;
        while (!guard.IsCancellationRequested)
        {
            var result = await prometheus.QueryAsync(query);
            last = result.Count == 1 ? result[0].Value : null;
            if (last == expected)
            {
                return expected;
            }

            await Task.Delay(200, CancellationToken.None);
        }

        return last ?? double.NaN;
    }

    private static IEnumerable<string> RuleAlertNames() =>
        AlertLine().Matches(File.ReadAllText(OpsFiles.Path("prometheus", "rules", "telemetry.rules.yml"))).Select(m => m.Groups["name"].Value);

    [GeneratedRegex(@"Listening for tap streams on 127\.0\.0\.1:(?<port>\d+)")]
    private static partial Regex ListeningLine();

    [GeneratedRegex(@"Tap stream tcp:\S+ closed")]
    private static partial Regex ClosedLine();

    [GeneratedRegex(@"^\s*- alert: (?<name>\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex AlertLine();
}
