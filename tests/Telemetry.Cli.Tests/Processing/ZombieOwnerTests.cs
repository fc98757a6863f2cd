namespace Telemetry.Cli.Tests.Processing;

/// <summary>
/// A zombie owner (issue 7 "Faults"): a member stalls with a batch open, the group hands its
/// partitions to another, and it wakes; what it then commits must not count twice nor move the
/// stored offsets, so the tables end as a single fault-free worker leaves them.
/// </summary>
public sealed class ZombieOwnerTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task RunAsync_LeavesTheReferenceTablesAndOffsets_WhenAStalledOwnerWakesAfterItsPartitionsMoved()
    {
        using var fleet = await CapturedFleet.CreateAsync();
        // The group drops a member that does not poll for 3 s (librdkafka's lower bound is the session timeout).
        fleet.Options.ClientSettings["max.poll.interval.ms"] = "3000";
        await using var db = await DatabaseTables.CreateMigratedAsync();
        var group = fleet.Options.GroupId;

        fleet.ProduceUpTo(0.5);
        await using var zombie = new StallableWorker(fleet.Kafka.BootstrapServers, fleet.Options, db);
        using (var guard = new CancellationTokenSource(s_timeout))
        {
            while (zombie.Consumed < fleet.EventCount / 2)
            {
                await Task.Delay(50, guard.Token);
            }
        }

        // Everything read, nothing committed yet: the batch is open when the loop stops.
        zombie.Stall(s_timeout);
        await using (var successor = InProcessWorker.Start(fleet.Kafka.BootstrapServers, fleet.Options, db))
        {
            await successor.WaitForAssignmentAsync(s_timeout);
            fleet.ProduceUpTo(1.0);
            await DatabaseTables.WaitForOffsetsAsync(db, group, fleet.EndOffsets(), s_timeout);

            // The zombie wakes, finds its partitions lost and flushes its old batch.
            zombie.Resume();
            await zombie.DisposeAsync();
            Assert.Equal(fleet.EndOffsets(), await DatabaseTables.OffsetsAsync(db, group, CapturedFleet.Partitions));
        }

        Assert.Equal(fleet.EndOffsets(), await DatabaseTables.OffsetsAsync(db, group, CapturedFleet.Partitions));
        ReferenceRun.AssertSame(await ReferenceRun.TablesAsync(fleet), await DatabaseTables.SnapshotAsync(db));
    }
}
