using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Confluent.Kafka;
using Telemetry.Cli.Tests.Support;

namespace Telemetry.Cli.Tests.Correlation;

/// <summary><c>telemetry correlate</c> as a child process, configured and stopped as an orchestrator does.</summary>
public sealed partial class CorrelateCommandTests
{
    private const int Seed = 3;
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan s_shutdownTimeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Correlate_CommitsEverythingItPublishedAndExitsZero_OnSigtermOnceCaughtUp()
    {
        await using var rig = await CorrelationRig.CreateAsync(Seed);
        var reference = await rig.ReplayAsync();
        rig.Fleet.ProduceUpTo(1.0);
        await using (rig.StartProcess())
        {
            await rig.WaitForProcessAsync();
        }

        var ends = rig.DecisionEnds();
        var port = MetricsScraper.FreePort();
        using (var child = RunningTelemetry.StartWith(
            Environment(rig),
            "correlate", "--kafka", rig.BootstrapServers, "--inventory", rig.InventoryPath, "--metrics-port", port.ToString(CultureInfo.InvariantCulture)))
        {
            // Correlate:ReadyMaxLag 0: ready means every decision record is read.
            using var http = new HttpClient();
            await child.WaitForLogAsync(AssignedLine(), s_timeout);
            await WaitUntilReadyAsync(child, http, port);

            child.Terminate();
            var result = await child.WaitForExitAsync(s_shutdownTimeout);
            Assert.True(result.ExitCode == 0, $"exit code {result.ExitCode}:\n{result.Stderr}");
            var stopped = StoppedLine().Match(result.Stderr);
            Assert.True(stopped.Success, result.Stderr);
            Assert.True(long.Parse(stopped.Groups["incidents"].Value, CultureInfo.InvariantCulture) > 0, stopped.Value);
            Assert.DoesNotContain("unacknowledged", result.Stderr, StringComparison.Ordinal);
        }

        Assert.Equal(ends, Committed(rig, ends.Length));

        // A restart rebuilds the state and publishes nothing the child had not delivered: no duplicates, nothing missing.
        long releasedMs;
        await using (var restarted = rig.StartCorrelator())
        {
            await InProcessCorrelator.WaitForAsync([restarted], ends, s_timeout);
            releasedMs = restarted.Progress.Min(p => p.ReleasedMs);
        }

        CorrelateWorkerTests.AssertSameBefore(reference, rig, releasedMs, allowIdenticalDuplicates: false);
    }

    private static Dictionary<string, string> Environment(CorrelationRig rig)
    {
        var options = rig.Fleet.Options;
        var environment = new Dictionary<string, string>
        {
            ["TELEMETRY_Kafka__EventsTopic"] = options.EventsTopic,
            ["TELEMETRY_Kafka__Partitions"] = options.Partitions.ToString(CultureInfo.InvariantCulture),
            ["TELEMETRY_Kafka__DecisionsTopic"] = options.DecisionsTopic,
            ["TELEMETRY_Kafka__IncidentsTopic"] = options.IncidentsTopic,
            ["TELEMETRY_Kafka__CommandsTopic"] = options.CommandsTopic,
            ["TELEMETRY_Kafka__CorrelateGroupId"] = options.CorrelateGroupId,
            ["TELEMETRY_Kafka__CorrelateCheckpointsTopic"] = options.CorrelateCheckpointsTopic,
            ["TELEMETRY_Kafka__DecisionsWatermarkInterval"] = options.DecisionsWatermarkInterval.ToString("c", CultureInfo.InvariantCulture),
            ["TELEMETRY_Correlate__ReadyMaxLag"] = "0",
            ["TELEMETRY_Correlate__TimerTick"] = "00:00:00.100",
            ["TELEMETRY_Correlate__ShutdownTimeout"] = "00:00:10",
        };
        foreach (var (key, value) in options.ClientSettings)
        {
            environment["TELEMETRY_Kafka__ClientSettings__" + key] = value;
        }

        return environment;
    }

    /// <summary>The correlator group's committed offsets on the decisions topic (0 where none).</summary>
    private static long[] Committed(CorrelationRig rig, int partitions)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = rig.BootstrapServers, GroupId = rig.Fleet.Options.CorrelateGroupId }).Build();
        var committed = consumer.Committed(
            Enumerable.Range(0, partitions).Select(p => new TopicPartition(rig.Fleet.Options.DecisionsTopic, p)),
            TimeSpan.FromSeconds(10));
        var offsets = new long[partitions];
        foreach (var c in committed)
        {
            offsets[c.Partition.Value] = c.Offset.IsSpecial ? 0 : c.Offset.Value;
        }

        return offsets;
    }

    private static async Task<HttpStatusCode?> ReadyzAsync(HttpClient http, int port)
    {
        try
        {
            return (await http.GetAsync(new Uri($"http://127.0.0.1:{port}/readyz"))).StatusCode;
        }
        catch (HttpRequestException)
        {
            // The endpoint is not listening yet.
            return null;
        }
    }

    private static async Task WaitUntilReadyAsync(RunningTelemetry child, HttpClient http, int port)
    {
        using var guard = new CancellationTokenSource(s_timeout);
        while (await ReadyzAsync(http, port) != HttpStatusCode.OK)
        {
            if (guard.IsCancellationRequested)
            {
                throw new TimeoutException($"/readyz did not answer 200 within {s_timeout}:\n{child.Stderr}");
            }

            await Task.Delay(50, CancellationToken.None);
        }
    }

    [GeneratedRegex("Assigned partition")]
    private static partial Regex AssignedLine();

    [GeneratedRegex(@"Correlation stopped after \d+ records: (?<incidents>\d+) incident and \d+ command records published")]
    private static partial Regex StoppedLine();
}
