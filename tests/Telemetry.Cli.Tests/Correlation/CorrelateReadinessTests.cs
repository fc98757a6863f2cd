using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Telemetry.Cli.Correlation;
using Telemetry.Cli.Tests.Support;
using Telemetry.Decide.Policy;
using Telemetry.Engine;
using Telemetry.Kafka.Publishing;
using Telemetry.Testing;

namespace Telemetry.Cli.Tests.Correlation;

/// <summary>
/// <c>/readyz</c> of <c>telemetry correlate</c>: ready once it owns partitions and has read them up
/// to their ends (as the consumer's fetched watermarks say), not merely once assigned.
/// </summary>
public sealed class CorrelateReadinessTests
{
    private const int Seed = 3;
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public void Observe_IsWithinTheBound_OnlyOnceAWatermarkIsKnownAndTheLagIsAtMostTheBound()
    {
        const int Partition = 1000;
        var readiness = new CorrelateReadiness(maxLag: 2);
        readiness.OnAssigned(Partition);
        var series = CorrelateMetrics.ConsumerLag.WithLabels("1000");

        Assert.False(readiness.Observe(Partition, cachedEnd: -1, next: 5));
        Assert.Equal(-1, series.Value);
        Assert.True(readiness.Observe(Partition, cachedEnd: 7, next: 5));
        Assert.Equal(2, series.Value);
        Assert.False(readiness.Observe(Partition, cachedEnd: 8, next: 5));
        Assert.Equal(3, series.Value);
        Assert.True(readiness.Observe(Partition, cachedEnd: 8, next: 8));
        Assert.Equal(0, series.Value);

        readiness.OnRevoked(Partition);
        Assert.DoesNotContain(CorrelateMetrics.ConsumerLag.GetAllLabelValues(), labels => labels[0] == "1000");
    }

    [Fact]
    public void Observe_AllocatesNothing_ForAnAssignedPartition()
    {
        const int Partition = 1001;
        var readiness = new CorrelateReadiness(maxLag: 0);
        readiness.OnAssigned(Partition);
        readiness.Observe(Partition, 10, 5);

        var allocated = AllocationMeter.FewestBytes(() =>
        {
            for (var next = 0L; next < 1000; next++)
            {
                readiness.Observe(Partition, 1000, next);
            }
        });

        Assert.Equal(0, allocated);
        readiness.OnRevoked(Partition);
    }

    [Fact]
    public async Task Readyz_AnswersOnlyOnceCaughtUp_NotAsSoonAsPartitionsAreAssigned()
    {
        await using var rig = await CorrelationRig.CreateAsync(Seed);
        rig.Fleet.ProduceUpTo(1.0);
        await using (rig.StartProcess())
        {
            await rig.WaitForProcessAsync();
        }

        var ends = rig.DecisionEnds();
        Assert.All(ends, end => Assert.True(end > 0));
        using var scraper = MetricsScraper.Serve();
        var health = scraper.Health;
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await scraper.ReadyzAsync());

        var polls = new ConcurrentQueue<(bool Ready, int Assigned, bool AtEnds)>();
        using var publisher = new KafkaPublisher(rig.BootstrapServers, rig.Fleet.Options, "test-correlate");
        using (var worker = new CorrelateWorker(
            rig.BootstrapServers,
            rig.Fleet.Options,
            new EscalationPolicyOptions(),
            new DetectorOptions(),
            rig.Inventory,
            publisher,
            NullLogger.Instance,
            new CorrelateOptions { ReadyMaxLag = 0, TimerTick = TimeSpan.FromMilliseconds(50) }))
        {
            using var stop = new CancellationTokenSource();
            var run = Task.Factory.StartNew(
                () => worker.Run(
                    w =>
                    {
                        health.Ready = w.CaughtUp;
                        polls.Enqueue((w.CaughtUp, w.Assigned.Count, w.Partitions.All(p => p.Next >= ends[p.Partition])));
                    },
                    stop.Token),
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default);

            using (var guard = new CancellationTokenSource(s_timeout))
            {
                while (await scraper.ReadyzAsync(guard.Token) != HttpStatusCode.OK)
                {
                    await Task.Delay(50, guard.Token);
                }
            }

            await stop.CancelAsync();
            Assert.True(await run.WaitAsync(s_timeout));
        }

        // Owning partitions while behind their ends is not ready; ready is only ever owning all of them, read to the end.
        Assert.Contains(polls, p => p.Assigned > 0 && !p.Ready);
        Assert.Contains(polls, p => p.Ready);
        Assert.All(polls.Where(p => p.Ready), p => Assert.True(p.Assigned == ends.Length && p.AtEnds, p.ToString()));
    }
}
