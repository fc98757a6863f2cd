using System.Globalization;
using Telemetry.Cli.Tests.Support;
using Telemetry.Kafka.Signals;

namespace Telemetry.Cli.Tests.Processing;

/// <summary>
/// <c>telemetry process</c> as a child process while the broker of its signals and decisions is
/// down and its events stay readable: its messages wait rather than time out, the full producer
/// queue holds the worker back, a SIGTERM still stops it, and a restart once the broker is back
/// leaves the tables and the published records of a fault-free run.
/// </summary>
public sealed class ProcessKafkaDownTests
{
    private const int EventsBroker = 1;
    private const int OutputsBroker = 2;
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Process_ExitsOneOnSigterm_AndARestartPublishesEveryRecord_WhileKafkaIsDownAndTheQueueIsFull()
    {
        using var fleet = await CapturedFleetWithOutputsOnTheirOwnBrokerAsync();
        await using var db = await DatabaseTables.CreateMigratedAsync();
        var options = fleet.Options;
        var cluster = fleet.Kafka.Cluster;
        var ends = fleet.EndOffsets();
        var progressTopic = options.EventsTopic + ">" + options.DecisionsTopic;

        using var scraper = MetricsScraper.ForChild();
        var settings = new Dictionary<string, string>
        {
            ["Kafka:MaxQueuedMessages"] = "50",
            ["Processing:ShutdownTimeout"] = "00:00:02",
            // Larger than the capture: the consuming thread never waits on the detection thread,
            // so it keeps exporting the producer's metrics while the detection thread is held back.
            ["Processing:HandOffCapacity"] = (1 << 20).ToString(CultureInfo.InvariantCulture),
            ["Metrics:Port"] = scraper.PortText,
        };

        cluster.SetBrokerDown(OutputsBroker);
        using (var first = ProcessChild.Start(fleet.Kafka.BootstrapServers, options, db.ConnectionString, settings: settings))
        {
            // Scraped only once it serves: on Linux, a connection racing HttpListener.Start can
            // make it throw ArgumentNullException (dotnet/corefx#35191), and the child exits 2.
            await first.WaitForStderrAsync("Joining group", s_timeout);
            var held = await scraper.MetricsUntilAsync(
                text => MetricsText.Value(text, "telemetry_produce_queue_full_waits_total") > 0, s_timeout, () => first.Stderr);
            Assert.Equal(0, MetricsText.Required(held, "telemetry_produce_delivery_errors_total"));

            var exitCode = await first.TerminateAsync(s_timeout);
            Assert.True(exitCode == 1, $"exit code {exitCode}:\n{first.Stderr}");
            Assert.Contains("the producer queue was still full 2 s after shutdown was asked", first.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("Kafka refused", first.Stderr, StringComparison.Ordinal);
        }

        var applied = (await DatabaseTables.OffsetsAsync(db, options.GroupId, CapturedFleet.Partitions)).Sum();
        Assert.InRange(applied, 0, ends.Sum() - 1);
        var storedAsPublished = await DatabaseTables.PublishedOffsetsAsync(db, options.GroupId, progressTopic, CapturedFleet.Partitions);

        cluster.SetBrokerUp(OutputsBroker);
        var servers = fleet.Kafka.BootstrapServers;
        Assert.All(PublishedRecords.Read(servers, options.DecisionsTopic, CapturedFleet.DecisionPartitions), records => Assert.Empty(records));
        using (var second = ProcessChild.Start(servers, options, db.ConnectionString, settings: settings))
        {
            await DatabaseTables.WaitForPublishedAsync(db, options.GroupId, progressTopic, ends, s_timeout);
            var exitCode = await second.TerminateAsync(s_timeout);
            Assert.True(exitCode == 0, $"exit code {exitCode}:\n{second.Stderr}");
        }

        var reference = await ReferenceRun.TablesAsync(fleet, "reference.signals", "reference.decisions");
        ReferenceRun.AssertSame(reference, await DatabaseTables.SnapshotAsync(db));
        var referenceDecisions = PublishedRecords.Read(servers, "reference.decisions", CapturedFleet.DecisionPartitions);
        // Nothing was delivered before the SIGTERM, so no partition may be stored as published
        // past its first event with an output.
        var firstOutputs = FirstOutputOffsets(referenceDecisions);
        for (var p = 0; p < CapturedFleet.Partitions; p++)
        {
            Assert.True(storedAsPublished[p] <= firstOutputs[p], $"partition {p} stored as published up to {storedAsPublished[p]}, its first output is at {firstOutputs[p]}");
        }

        PublishedRecords.AssertSameAsReference(servers, options.SignalsTopic, options.DecisionsTopic);
    }

    [Fact]
    public async Task Process_ExitsOneOnSigterm_WaitingOnceForEveryPartition_WhileKafkaIsDownAndTheQueueHasRoom()
    {
        using var fleet = await CapturedFleetWithOutputsOnTheirOwnBrokerAsync();
        await using var db = await DatabaseTables.CreateMigratedAsync();
        var options = fleet.Options;
        fleet.Kafka.Cluster.SetBrokerDown(OutputsBroker);
        // The default queue holds every output of the capture: the worker is never held back, and
        // on SIGTERM it waits for acknowledgements when it stops and in the last flush, 10 s each.
        // Waiting again as each of the eight partitions is given up would take 100 s.
        var settings = new Dictionary<string, string> { ["Processing:ShutdownTimeout"] = "00:00:10" };
        using var child = ProcessChild.Start(fleet.Kafka.BootstrapServers, options, db.ConnectionString, settings: settings);
        await DatabaseTables.WaitForOffsetsAsync(db, options.GroupId, fleet.EndOffsets(), s_timeout);

        var exitCode = await child.TerminateAsync(s_timeout);
        Assert.True(exitCode == 1, $"exit code {exitCode}:\n{child.Stderr}");
        Assert.Matches(@"\d+ messages were still unacknowledged after 10 s", child.Stderr);
    }

    /// <summary>
    /// The whole capture on the events topic, whose partitions and the group's coordinator are on
    /// one broker and the signals and decisions partitions on the other: taking the second down
    /// leaves the events readable while nothing can be published.
    /// </summary>
    private static async Task<CapturedFleet> CapturedFleetWithOutputsOnTheirOwnBrokerAsync()
    {
        var fleet = await CapturedFleet.CreateAsync(brokers: 2);
        try
        {
            var options = fleet.Options;
            var cluster = fleet.Kafka.Cluster;
            for (var p = 0; p < CapturedFleet.Partitions; p++)
            {
                cluster.SetPartitionLeader(options.EventsTopic, p, EventsBroker);
            }

            for (var p = 0; p < CapturedFleet.DecisionPartitions; p++)
            {
                cluster.SetPartitionLeader(options.SignalsTopic, p, OutputsBroker);
                cluster.SetPartitionLeader(options.DecisionsTopic, p, OutputsBroker);
            }

            cluster.SetGroupCoordinator(options.GroupId, EventsBroker);
            fleet.ProduceUpTo(1.0);
            return fleet;
        }
        catch
        {
            fleet.Dispose();
            throw;
        }
    }

    /// <summary>Per events partition, the lowest offset of an event a decisions record was published for (long.MaxValue where none).</summary>
    private static long[] FirstOutputOffsets(List<byte[]>[] decisions)
    {
        var first = Enumerable.Repeat(long.MaxValue, CapturedFleet.Partitions).ToArray();
        foreach (var value in decisions.SelectMany(p => p))
        {
            Assert.True(DecisionCodec.TryReadHeader(value, out _, out var position), "unreadable decision record");
            first[position.SourcePartition] = Math.Min(first[position.SourcePartition], position.SourceOffset);
        }

        return first;
    }
}
