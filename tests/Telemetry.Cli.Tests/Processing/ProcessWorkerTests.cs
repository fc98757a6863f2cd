using Confluent.Kafka;
using Telemetry.Cli.Processing;
using Telemetry.Kafka.Embedded;

namespace Telemetry.Cli.Tests.Processing;

/// <summary>
/// Workers of one group on the embedded Kafka and a real PostgreSQL: whatever happens to the
/// group, the database ends identical to a single fault-free worker's.
/// </summary>
public sealed class ProcessWorkerTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task RunAsync_LeavesTheReferenceTables_WhenASecondWorkerJoinsAndTheFirstLeaves()
    {
        using var fleet = await CapturedFleet.CreateAsync();
        await using var db = await DatabaseTables.CreateMigratedAsync();
        var group = fleet.Options.GroupId;

        fleet.ProduceUpTo(0.3);
        var first = InProcessWorker.Start(fleet.Kafka.BootstrapServers, fleet.Options, db);
        await using var second = await JoinMidwayAsync(fleet, db, first);
        fleet.ProduceUpTo(1.0);
        await DatabaseTables.WaitForOffsetsAsync(db, group, fleet.EndOffsets(), s_timeout);
        await second.DisposeAsync();

        ReferenceRun.AssertSame(await ReferenceRun.TablesAsync(fleet), await DatabaseTables.SnapshotAsync(db));
    }

    [Fact]
    public async Task RunAsync_LeavesTheReferenceTables_WhenRestartedOnTheStoredOffsets()
    {
        using var fleet = await CapturedFleet.CreateAsync();
        await using var db = await DatabaseTables.CreateMigratedAsync();
        var group = fleet.Options.GroupId;

        fleet.ProduceUpTo(0.5);
        await using (InProcessWorker.Start(fleet.Kafka.BootstrapServers, fleet.Options, db))
        {
            await DatabaseTables.WaitForOffsetsAsync(db, group, fleet.EndOffsets(), s_timeout);
        }

        fleet.ProduceUpTo(1.0);
        await using (InProcessWorker.Start(fleet.Kafka.BootstrapServers, fleet.Options, db))
        {
            await DatabaseTables.WaitForOffsetsAsync(db, group, fleet.EndOffsets(), s_timeout);
        }

        ReferenceRun.AssertSame(await ReferenceRun.TablesAsync(fleet), await DatabaseTables.SnapshotAsync(db));
    }

    [Fact]
    public async Task RunAsync_RestoresFromCheckpointsAndLeavesTheReferenceTables_WhenRestartedOnTheStoredOffsets()
    {
        using var fleet = await CapturedFleet.CreateAsync();
        await using var db = await DatabaseTables.CreateMigratedAsync();
        var group = fleet.Options.GroupId;

        fleet.ProduceUpTo(0.5);
        var half = fleet.EndOffsets().Sum();
        // A checkpoint with about every record: the last one of each partition is its end, or close to it.
        var often = new ProcessingOptions { CheckpointInterval = TimeSpan.FromTicks(1) };
        var first = InProcessWorker.Start(fleet.Kafka.BootstrapServers, fleet.Options, db, often);
        await using (first)
        {
            await DatabaseTables.WaitForOffsetsAsync(db, group, fleet.EndOffsets(), s_timeout);
        }

        fleet.ProduceUpTo(1.0);
        var all = fleet.EndOffsets().Sum();
        var second = InProcessWorker.Start(fleet.Kafka.BootstrapServers, fleet.Options, db, often);
        await using (second)
        {
            await DatabaseTables.WaitForOffsetsAsync(db, group, fleet.EndOffsets(), s_timeout);
        }

        // The second worker restored every partition and read what came after its checkpoint,
        // fewer records than the partitions hold, instead of every partition from its start.
        Assert.Equal(0, first.CheckpointsRestored);
        Assert.Equal(half, first.Consumed);
        Assert.Equal(CapturedFleet.Partitions, second.CheckpointsRestored);
        Assert.InRange(second.Consumed, all - half, all - 1);
        ReferenceRun.AssertSame(await ReferenceRun.TablesAsync(fleet), await DatabaseTables.SnapshotAsync(db));
    }

    [Fact]
    public async Task RunAsync_RereadsEveryPartitionAndLeavesTheReferenceTables_WhenCheckpointsAreOff()
    {
        using var fleet = await CapturedFleet.CreateAsync();
        await using var db = await DatabaseTables.CreateMigratedAsync();
        var group = fleet.Options.GroupId;
        var off = new ProcessingOptions { CheckpointInterval = TimeSpan.Zero };

        fleet.ProduceUpTo(0.5);
        await using (InProcessWorker.Start(fleet.Kafka.BootstrapServers, fleet.Options, db, off))
        {
            await DatabaseTables.WaitForOffsetsAsync(db, group, fleet.EndOffsets(), s_timeout);
        }

        fleet.ProduceUpTo(1.0);
        var second = InProcessWorker.Start(fleet.Kafka.BootstrapServers, fleet.Options, db, off);
        await using (second)
        {
            await DatabaseTables.WaitForOffsetsAsync(db, group, fleet.EndOffsets(), s_timeout);
        }

        Assert.Equal(0, second.CheckpointsRestored);
        Assert.Equal(fleet.EndOffsets().Sum(), second.Consumed);
        ReferenceRun.AssertSame(await ReferenceRun.TablesAsync(fleet), await DatabaseTables.SnapshotAsync(db));
    }

    [Fact]
    public async Task RunAsync_LeavesTheReferenceTables_WhenABrokerGoesDownAndALeaderMoves()
    {
        using var fleet = await CapturedFleet.CreateAsync(brokers: 3);
        await using var db = await DatabaseTables.CreateMigratedAsync();
        var group = fleet.Options.GroupId;

        fleet.ProduceUpTo(0.5);
        await using (var worker = InProcessWorker.Start(fleet.Kafka.BootstrapServers, fleet.Options, db))
        {
            await DatabaseTables.WaitForProgressAsync(db, group, 1, s_timeout);
            fleet.Kafka.Cluster.SetBrokerDown(2);
            fleet.Kafka.Cluster.SetPartitionLeader(fleet.Options.EventsTopic, 0, 3);
            fleet.Kafka.Cluster.SetPartitionLeader(fleet.Options.EventsTopic, 1, 1);
            fleet.Kafka.Cluster.SetBrokerUp(2);
            fleet.ProduceUpTo(1.0);
            await DatabaseTables.WaitForOffsetsAsync(db, group, fleet.EndOffsets(), s_timeout);
        }

        ReferenceRun.AssertSame(await ReferenceRun.TablesAsync(fleet), await DatabaseTables.SnapshotAsync(db));
    }

    /// <summary>
    /// One broker of three stays down while a third of the capture is produced: every events
    /// partition it led and the group's coordinator move to the other two, as a real cluster's
    /// leader elections move them (the mock moves neither by itself). The worker applies all of
    /// it before the broker is back.
    /// </summary>
    [Fact]
    public async Task RunAsync_LeavesTheReferenceTables_WhenABrokerStaysDownWhileEventsArrive()
    {
        const int Down = 2;
        const int Live = 1;
        using var fleet = await CapturedFleet.CreateAsync(brokers: 3);
        await using var db = await DatabaseTables.CreateMigratedAsync();
        var group = fleet.Options.GroupId;
        var cluster = fleet.Kafka.Cluster;
        // The coordinator is on the broker that fails in every run, not only when the group id hashes there.
        cluster.SetGroupCoordinator(group, Down);

        fleet.ProduceUpTo(0.33);
        await using (InProcessWorker.Start(fleet.Kafka.BootstrapServers, fleet.Options, db))
        {
            await DatabaseTables.WaitForOffsetsAsync(db, group, fleet.EndOffsets(), s_timeout);
            cluster.SetBrokerDown(Down);
            Assert.True(fleet.MoveLeadersOff(Down, [Live, 3], fleet.Options.EventsTopic) > 0, "the down broker led no events partition");

            // Left on the down broker, the coordinator answers nothing: the member's session
            // times out and its partitions are revoked until the broker is back.
            cluster.SetGroupCoordinator(group, Live);
            fleet.ProduceUpTo(0.66);
            await DatabaseTables.WaitForOffsetsAsync(db, group, fleet.EndOffsets(), s_timeout);

            cluster.SetBrokerUp(Down);
            fleet.ProduceUpTo(1.0);
            await DatabaseTables.WaitForOffsetsAsync(db, group, fleet.EndOffsets(), s_timeout);
        }

        ReferenceRun.AssertSame(await ReferenceRun.TablesAsync(fleet), await DatabaseTables.SnapshotAsync(db));
    }

    [Fact]
    public async Task RunAsync_LeavesTheReferenceTables_WhenFetchAndOffsetRequestsFail()
    {
        using var fleet = await CapturedFleet.CreateAsync();
        await using var db = await DatabaseTables.CreateMigratedAsync();
        var group = fleet.Options.GroupId;

        fleet.ProduceUpTo(0.5);
        await using (var worker = InProcessWorker.Start(fleet.Kafka.BootstrapServers, fleet.Options, db))
        {
            await DatabaseTables.WaitForProgressAsync(db, group, 1, s_timeout);
            var cluster = fleet.Kafka.Cluster;
            cluster.PushRequestErrors(KafkaApiKey.Fetch, ErrorCode.NotLeaderForPartition, ErrorCode.RequestTimedOut, ErrorCode.NetworkException);
            cluster.PushRequestErrors(KafkaApiKey.OffsetCommit, ErrorCode.RequestTimedOut, ErrorCode.NotCoordinatorForGroup);
            cluster.PushRequestErrors(KafkaApiKey.OffsetFetch, ErrorCode.RequestTimedOut, ErrorCode.NotCoordinatorForGroup);
            fleet.ProduceUpTo(1.0);
            await DatabaseTables.WaitForOffsetsAsync(db, group, fleet.EndOffsets(), s_timeout);
        }

        ReferenceRun.AssertSame(await ReferenceRun.TablesAsync(fleet), await DatabaseTables.SnapshotAsync(db));
    }

    /// <summary>Starts a second worker once the first has committed something, and stops the first once the second owns partitions.</summary>
    private static async Task<InProcessWorker> JoinMidwayAsync(CapturedFleet fleet, Telemetry.Testing.ThrowawayDatabase db, InProcessWorker first)
    {
        await using (first)
        {
            await DatabaseTables.WaitForProgressAsync(db, fleet.Options.GroupId, 1, s_timeout);
            var second = InProcessWorker.Start(fleet.Kafka.BootstrapServers, fleet.Options, db);
            fleet.ProduceUpTo(0.6);
            await second.WaitForAssignmentAsync(s_timeout);
            return second;
        }
    }
}
