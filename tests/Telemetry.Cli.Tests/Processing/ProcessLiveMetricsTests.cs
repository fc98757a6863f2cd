using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Telemetry.Cli.Hosting;
using Telemetry.Cli.Processing;
using Telemetry.Engine;
using Telemetry.Engine.Inventory;
using Telemetry.Timescale.Sink;

namespace Telemetry.Cli.Tests.Processing;

/// <summary>What <c>telemetry process</c> tells an orchestrator and Prometheus over HTTP: lag per partition, readiness, signal latency.</summary>
public sealed class ProcessLiveMetricsTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Readyz_AnswersOnceCaughtUp_AndMetricsGiveLagPerPartitionAndSignalLatency()
    {
        using var fleet = await CapturedFleet.CreateAsync();
        await using var db = await DatabaseTables.CreateMigratedAsync();
        fleet.ProduceUpTo(1.0);
        var port = FreePort();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Metrics:Port"] = port.ToString(CultureInfo.InvariantCulture) })
            .Build();
        var health = new HealthState();
        using var endpoint = MetricsEndpoint.StartIfConfigured(configuration, health);
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync(Url(port, "readyz"))).StatusCode);

        var processing = new ProcessingOptions { TimerTick = TimeSpan.FromMilliseconds(50), ReadyMaxLag = 0 };
        var worker = new ProcessWorker(
            fleet.Kafka.BootstrapServers, fleet.Options, db.DataSource, new SinkOptions(), new DetectorOptions(), FleetInventory.Empty, NullLogger.Instance, processing: processing);
        await using (worker)
        {
            using var stop = new CancellationTokenSource();
            var run = Task.Factory.StartNew(
                () => worker.RunAsync(w => health.Ready = w.CaughtUp, stop.Token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();

            await DatabaseTables.WaitForOffsetsAsync(db, fleet.Options.GroupId, fleet.EndOffsets(), s_timeout);
            await WaitUntilAsync(async () => (await http.GetAsync(Url(port, "readyz"))).StatusCode == HttpStatusCode.OK);
            // Other workers of this test run export the same series: wait for every partition at 0.
            await WaitUntilAsync(async () => LagLines(await http.GetStringAsync(Url(port, "metrics"))).Count(l => l.EndsWith(" 0", StringComparison.Ordinal)) == CapturedFleet.Partitions);
            var metrics = await http.GetStringAsync(Url(port, "metrics"));

            var lag = LagLines(metrics);
            Assert.Equal(CapturedFleet.Partitions, lag.Count);
            Assert.All(lag, l => Assert.Matches(@"^telemetry_consumer_lag\{partition=""\d+""\} ", l));
            var latency = Assert.Single(metrics.Split('\n'), l => l.StartsWith("telemetry_signal_latency_seconds_count ", StringComparison.Ordinal));
            Assert.True(double.Parse(latency.Split(' ')[1], CultureInfo.InvariantCulture) > 0, latency);

            await stop.CancelAsync();
            await run.WaitAsync(s_timeout);
        }
    }

    private static List<string> LagLines(string metrics) =>
        metrics.Split('\n').Where(l => l.StartsWith("telemetry_consumer_lag{", StringComparison.Ordinal)).ToList();

    private static Uri Url(int port, string path) => new($"http://127.0.0.1:{port}/{path}");

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var guard = new CancellationTokenSource(s_timeout);
        while (!await condition())
        {
            await Task.Delay(50, guard.Token);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
