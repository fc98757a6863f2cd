using Telemetry.Cli.Tests.Support;

namespace Telemetry.Cli.Tests.Processing;

/// <summary>
/// The series of a <c>telemetry process</c> child on <c>/metrics</c> follow from what it was fed:
/// its producer's queue and delivery errors, sink flushes, checkpoints, rebalances and late
/// events. A process of its own: nothing else moves its series.
/// </summary>
/// <remarks>Run with the serial metrics tests: a child process less beside the parallel ones.</remarks>
[Collection(ScrapedMetrics.Name)]
public sealed class ProcessMetricsScrapeTests
{
    private const int LateEvents = 7;
    private const string Late = "telemetry_events_late_total";
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Metrics_FollowWhatTheProcessWasFed_ProducerSinkCheckpointsRebalancesAndLateEvents()
    {
        using var fleet = await CapturedFleet.CreateAsync(chargers: 5, days: 1);
        await using var db = await DatabaseTables.CreateMigratedAsync();
        fleet.ProduceUpTo(1.0);
        using var scraper = MetricsScraper.ForChild();
        using var child = ProcessChild.Start(
            fleet.Kafka.BootstrapServers,
            fleet.Options,
            db.ConnectionString,
            checkpointInterval: "00:00:00.100",
            settings: new Dictionary<string, string> { ["Metrics:Port"] = scraper.PortText });
        await DatabaseTables.WaitForOffsetsAsync(db, fleet.Options.GroupId, fleet.EndOffsets(), s_timeout);
        var before = await scraper.MetricsUntilAsync(text => MetricsText.Value(text, "telemetry_process_checkpoint_bytes_count") > 0, s_timeout, () => child.Stderr);

        fleet.ProduceAgain(LateEvents);
        await DatabaseTables.WaitForOffsetsAsync(db, fleet.Options.GroupId, fleet.EndOffsets(), s_timeout);
        var after = await scraper.MetricsUntilAsync(text => MetricsText.Value(text, "telemetry_produce_queue_depth") == 0, s_timeout, () => child.Stderr);

        // The events were applied (their offsets are committed), so each was counted by now.
        Assert.Equal(LateEvents, MetricsText.Required(after, Late) - MetricsText.Required(before, Late));
        Assert.Equal(0, MetricsText.Required(after, "telemetry_produce_delivery_errors_total"));
        Assert.True(MetricsText.Required(after, "telemetry_process_rebalances_total") >= CapturedFleet.Partitions, after);
        Assert.True(MetricsText.Required(after, "telemetry_sink_flush_seconds_count") > 0, after);
        var checkpoints = MetricsText.Required(after, "telemetry_process_checkpoints_total");
        Assert.True(checkpoints > 0, after);
        Assert.Equal(checkpoints, MetricsText.Required(after, "telemetry_process_checkpoint_bytes_count"));
        Assert.True(MetricsText.Required(after, "telemetry_process_checkpoint_bytes_sum") > 0, after);
        Assert.DoesNotContain("CP-", after, StringComparison.Ordinal);
    }
}
