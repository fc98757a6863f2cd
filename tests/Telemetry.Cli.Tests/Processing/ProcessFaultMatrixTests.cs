namespace Telemetry.Cli.Tests.Processing;

/// <summary>
/// Faults of issue 7 beyond <see cref="ProcessWorkerTests"/>: more members coming and going, and
/// the database dropping the workers' connections; each run ends with the tables of a single
/// fault-free worker over the same capture.
/// </summary>
public sealed class ProcessFaultMatrixTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task RunAsync_LeavesTheReferenceTables_WhenAThirdWorkerJoinsAndOneLeaves()
    {
        using var fleet = await CapturedFleet.CreateAsync();
        await using var db = await DatabaseTables.CreateMigratedAsync();
        var group = fleet.Options.GroupId;

        fleet.ProduceUpTo(0.2);
        await using var first = InProcessWorker.Start(fleet.Kafka.BootstrapServers, fleet.Options, db);
        await DatabaseTables.WaitForProgressAsync(db, group, 1, s_timeout);
        await using var second = InProcessWorker.Start(fleet.Kafka.BootstrapServers, fleet.Options, db);
        fleet.ProduceUpTo(0.4);
        await second.WaitForAssignmentAsync(s_timeout);
        await using var third = InProcessWorker.Start(fleet.Kafka.BootstrapServers, fleet.Options, db);
        fleet.ProduceUpTo(0.6);
        await third.WaitForAssignmentAsync(s_timeout);

        // One of three leaves while events keep coming; the other two take its partitions.
        await second.DisposeAsync();
        fleet.ProduceUpTo(1.0);
        await DatabaseTables.WaitForOffsetsAsync(db, group, fleet.EndOffsets(), s_timeout);
        await third.DisposeAsync();
        await first.DisposeAsync();

        ReferenceRun.AssertSame(await ReferenceRun.TablesAsync(fleet), await DatabaseTables.SnapshotAsync(db));
    }

    [Fact]
    public async Task RunAsync_LeavesTheReferenceTables_WhenTheDatabaseTerminatesItsConnections()
    {
        using var fleet = await CapturedFleet.CreateAsync();
        await using var db = await DatabaseTables.CreateMigratedAsync();
        var group = fleet.Options.GroupId;

        fleet.ProduceUpTo(0.3);
        var terminated = 0L;
        await using (InProcessWorker.Start(fleet.Kafka.BootstrapServers, fleet.Options, db))
        {
            await DatabaseTables.WaitForProgressAsync(db, group, 1, s_timeout);

            // Every backend the worker opened, over and over while batches are written: some of
            // them are killed inside the sink's transaction.
            for (var step = 1; step <= 10; step++)
            {
                terminated += await db.TerminateClientBackendsAsync();
                fleet.ProduceUpTo(0.3 + (0.07 * step));
            }

            await DatabaseTables.WaitForOffsetsAsync(db, group, fleet.EndOffsets(), s_timeout);
        }

        Assert.True(terminated > 0, "no connection of the worker was terminated");
        ReferenceRun.AssertSame(await ReferenceRun.TablesAsync(fleet), await DatabaseTables.SnapshotAsync(db));
    }
}
