using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Telemetry.Cli.Correlation;
using Telemetry.Cli.Tests.Processing;
using Telemetry.Cli.Tests.Support;
using Telemetry.Decide.Policy;
using Telemetry.Engine;
using Telemetry.Kafka.Publishing;

namespace Telemetry.Cli.Tests.Correlation;

/// <summary>
/// The series <c>telemetry correlate</c> adds on <c>/metrics</c>: consumer lag per decisions
/// partition, and its producer's queue depth and delivery errors.
/// </summary>
[Collection(ScrapedMetrics.Name)]
public sealed class CorrelateMetricsTests
{
    private const int Seed = 5;
    private const string QueueDepth = "telemetry_produce_queue_depth";
    private const string DeliveryErrors = "telemetry_produce_delivery_errors_total";
    private const string Rebalances = "telemetry_correlate_rebalances_total";
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan s_tick = TimeSpan.FromMilliseconds(50);

    [Fact]
    public async Task Metrics_GiveLagPerPartitionWhileRecordsWaitAndZeroOnceCaughtUp_AndTheProducerDrained()
    {
        await using var rig = await CorrelationRig.CreateAsync(Seed);
        rig.Fleet.ProduceUpTo(1.0);
        await using (rig.StartProcess())
        {
            await rig.WaitForProcessAsync();
        }

        var ends = rig.DecisionEnds();
        var waiting = Array.IndexOf(ends, ends.Max());
        Assert.True(ends[waiting] >= 3, $"decisions partition {waiting} holds {ends[waiting]} records");
        using var scraper = MetricsScraper.Serve();
        var before = await scraper.MetricsAsync();

        // The worker's clock moves only when the test says: a tick runs exactly after an Advance.
        var time = new ManualTime(DateTimeOffset.UnixEpoch);
        using var polled = new SemaphoreSlim(0);
        using var proceed = new SemaphoreSlim(0);
        var stepping = true;
        using var publisher = new KafkaPublisher(rig.BootstrapServers, rig.Fleet.Options, "test-correlate-metrics");
        var options = new CorrelateOptions { ReadyMaxLag = 0, TimerTick = s_tick, WallClockTimers = false };
        using (var worker = new CorrelateWorker(
            rig.BootstrapServers, rig.Fleet.Options, new EscalationPolicyOptions(), new DetectorOptions(), rig.Inventory, publisher, NullLogger.Instance, options, time))
        {
            using var stop = new CancellationTokenSource();
            var run = Task.Factory.StartNew(
                () => worker.Run(
                    w =>
                    {
                        scraper.Health.Ready = w.CaughtUp;
                        if (Volatile.Read(ref stepping))
                        {
                            polled.Release();
                            proceed.Wait();
                        }
                        else
                        {
                            time.Advance(s_tick);
                        }
                    },
                    stop.Token),
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default);

            // Poll by poll until the waiting partition's first record was read: its fetch brought
            // the partition's high watermark with it. Then one tick.
            await StepAsync(polled, proceed, () => worker.Assigned.Count == ends.Length && NextOf(worker, waiting) >= 1);
            time.Advance(s_tick);
            proceed.Release();
            Assert.True(await polled.WaitAsync(s_timeout), "the worker did not poll again");

            var next = NextOf(worker, waiting);
            var behind = await scraper.MetricsAsync();
            Assert.True(next < ends[waiting], $"read {next} of {ends[waiting]}");
            Assert.Equal(ends[waiting] - next, MetricsText.Required(behind, Lag(waiting)));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, await scraper.ReadyzAsync());

            Volatile.Write(ref stepping, false);
            proceed.Release();
            using (var guard = new CancellationTokenSource(s_timeout))
            {
                while (await scraper.ReadyzAsync(guard.Token) != HttpStatusCode.OK)
                {
                    await Task.Delay(50, guard.Token);
                }
            }

            var caughtUp = await scraper.MetricsAsync();
            for (var partition = 0; partition < ends.Length; partition++)
            {
                Assert.Equal(0, MetricsText.Required(caughtUp, Lag(partition)));
            }

            Assert.True(MetricsText.Required(caughtUp, Rebalances) - Before(before, Rebalances) >= ends.Length, caughtUp);
            await stop.CancelAsync();
            Assert.True(await run.WaitAsync(s_timeout), "outputs were not delivered at shutdown");
        }

        // Run flushed the producer before returning; leaving the group removed the partitions' series.
        var after = await scraper.MetricsAsync();
        Assert.True(publisher.Produced > 0, "the correlator published nothing");
        Assert.Equal(Before(before, QueueDepth), MetricsText.Required(after, QueueDepth));
        Assert.Equal(Before(before, DeliveryErrors), MetricsText.Required(after, DeliveryErrors));
        Assert.Null(MetricsText.Value(after, Lag(waiting)));
    }

    private static async Task StepAsync(SemaphoreSlim polled, SemaphoreSlim proceed, Func<bool> until)
    {
        using var guard = new CancellationTokenSource(s_timeout);
        while (true)
        {
            await polled.WaitAsync(guard.Token);
            if (until())
            {
                return;
            }

            proceed.Release();
        }
    }

    // A series is registered when its class is first used: absent before the first correlator, it starts at 0.
    private static double Before(string text, string series) => MetricsText.Value(text, series) ?? 0;

    private static long NextOf(CorrelateWorker worker, int partition) =>
        worker.Partitions.FirstOrDefault(p => p.Partition == partition)?.Next ?? 0;

    private static string Lag(int partition) =>
        "telemetry_correlate_consumer_lag{partition=\"" + partition.ToString(CultureInfo.InvariantCulture) + "\"}";
}
