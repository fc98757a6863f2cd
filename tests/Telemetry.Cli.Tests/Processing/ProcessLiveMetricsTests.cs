using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Telemetry.Cli.Processing;
using Telemetry.Cli.Tests.Support;
using Telemetry.Engine;
using Telemetry.Engine.Inventory;
using Telemetry.Timescale.Sink;

namespace Telemetry.Cli.Tests.Processing;

/// <summary>What <c>telemetry process</c> tells an orchestrator and Prometheus over HTTP: lag per partition, readiness, signal latency.</summary>
[Collection(ScrapedMetrics.Name)]
public sealed class ProcessLiveMetricsTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Readyz_AnswersOnceCaughtUp_AndMetricsGiveLagPerPartitionAndSignalLatency()
    {
        using var fleet = await CapturedFleet.CreateAsync();
        await using var db = await DatabaseTables.CreateMigratedAsync();
        fleet.ProduceUpTo(1.0);
        using var scraper = MetricsScraper.Serve();
        var health = scraper.Health;
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await scraper.ReadyzAsync());

        var processing = new ProcessingOptions { TimerTick = TimeSpan.FromMilliseconds(50), ReadyMaxLag = 0 };
        var worker = new ProcessWorker(
            fleet.Kafka.BootstrapServers, fleet.Options, db.DataSource, new SinkOptions(), new DetectorOptions(), FleetInventory.Empty, NullLogger.Instance, processing: processing);
        await using (worker)
        {
            using var stop = new CancellationTokenSource();
            var run = Task.Factory.StartNew(
                () => worker.RunAsync(w => health.Ready = w.CaughtUp, stop.Token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();

            await DatabaseTables.WaitForOffsetsAsync(db, fleet.Options.GroupId, fleet.EndOffsets(), s_timeout);
            await WaitUntilAsync(async () => await scraper.ReadyzAsync() == HttpStatusCode.OK);
            // Other workers of this test run export the same series: wait for every partition at 0.
            var metrics = await scraper.MetricsUntilAsync(text => LagLines(text).Count(l => l.EndsWith(" 0", StringComparison.Ordinal)) == CapturedFleet.Partitions, s_timeout);

            var lag = LagLines(metrics);
            Assert.Equal(CapturedFleet.Partitions, lag.Count);
            Assert.All(lag, l => Assert.Matches(@"^telemetry_consumer_lag\{partition=""\d+""\} ", l));
            var latency = Assert.Single(metrics.Split('\n'), l => l.StartsWith("telemetry_signal_latency_seconds_count ", StringComparison.Ordinal));
            Assert.True(double.Parse(latency.Split(' ')[1], CultureInfo.InvariantCulture) > 0, latency);

            await stop.CancelAsync();
            await run.WaitAsync(s_timeout);
        }

        // Leaving the group revoked every partition: no worker of this process reports their lag now.
        Assert.Empty(LagLines(await scraper.MetricsAsync()));
    }

    private static List<string> LagLines(string metrics) =>
        metrics.Split('\n').Where(l => l.StartsWith("telemetry_consumer_lag{", StringComparison.Ordinal)).ToList();

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var guard = new CancellationTokenSource(s_timeout);
        while (!await condition())
        {
            await Task.Delay(50, guard.Token);
        }
    }
}
