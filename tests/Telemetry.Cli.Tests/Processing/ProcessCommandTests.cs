namespace Telemetry.Cli.Tests.Processing;

/// <summary><c>telemetry process</c> as a child process on the embedded Kafka and a real PostgreSQL.</summary>
public sealed class ProcessCommandTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(90);

    // 00:00:00: the restarted worker re-reads every partition from its start; 00:00:00.100: it
    // restores checkpoints taken every few batches and reads on from their offsets.
    [Theory]
    [InlineData("00:00:00", false)]
    [InlineData("00:00:00.100", true)]
    public async Task Process_LeavesTheReferenceTables_WhenKilledMidwayAndRestarted(string checkpointInterval, bool restores)
    {
        using var fleet = await CapturedFleet.CreateAsync();
        await using var db = await DatabaseTables.CreateMigratedAsync();
        var group = fleet.Options.GroupId;

        fleet.ProduceUpTo(0.4);
        using (var first = ProcessChild.Start(fleet.Kafka.BootstrapServers, fleet.Options, db.ConnectionString, checkpointInterval))
        {
            await DatabaseTables.WaitForProgressAsync(db, group, 1, s_timeout);
            fleet.ProduceUpTo(0.7);
            var before = (await DatabaseTables.OffsetsAsync(db, group, CapturedFleet.Partitions)).Sum();
            await DatabaseTables.WaitForProgressAsync(db, group, before + 1, s_timeout);
            if (restores)
            {
                await DatabaseTables.WaitForResumableCheckpointAsync(db, group, s_timeout);
            }

            first.Kill();
        }

        var applied = (await DatabaseTables.OffsetsAsync(db, group, CapturedFleet.Partitions)).Sum();
        Assert.InRange(applied, 1, (long)(fleet.EventCount * 0.7) - 1);

        fleet.ProduceUpTo(1.0);
        using var second = ProcessChild.Start(fleet.Kafka.BootstrapServers, fleet.Options, db.ConnectionString, checkpointInterval);
        await DatabaseTables.WaitForOffsetsAsync(db, group, fleet.EndOffsets(), s_timeout);
        var exitCode = await second.TerminateAsync(s_timeout);
        Assert.True(exitCode == 0, $"exit code {exitCode}:\n{second.Stderr}");
        Assert.True(restores == ReadsOnFromACheckpoint(second.Stderr), second.Stderr);

        ReferenceRun.AssertSame(await ReferenceRun.TablesAsync(fleet), await DatabaseTables.SnapshotAsync(db));
    }

    [Fact]
    public async Task Process_CommitsAndExitsZero_OnSigterm()
    {
        using var fleet = await CapturedFleet.CreateAsync(chargers: 5, days: 1);
        await using var db = await DatabaseTables.CreateMigratedAsync();
        fleet.ProduceUpTo(1.0);
        using var child = ProcessChild.Start(fleet.Kafka.BootstrapServers, fleet.Options, db.ConnectionString);
        await DatabaseTables.WaitForOffsetsAsync(db, fleet.Options.GroupId, fleet.EndOffsets(), s_timeout);

        Assert.Equal(0, await child.TerminateAsync(s_timeout));
        Assert.Contains("Processing stopped", child.Stderr, StringComparison.Ordinal);
        Assert.True(await DatabaseTables.CountAsync(db, "connector_minute") > 0);
    }

    /// <summary>Whether the worker started any partition past its first record, which only a restored checkpoint does.</summary>
    private static bool ReadsOnFromACheckpoint(string stderr) =>
        stderr.Split('\n').Any(line => line.Contains("reading from offset", StringComparison.Ordinal) && !line.TrimEnd().EndsWith("reading from offset 0", StringComparison.Ordinal));
}
