using Telemetry.Cli.Correlation;
using Telemetry.Cli.Tests.Processing;
using Telemetry.Cli.Tests.Support;
using Telemetry.Testing;

namespace Telemetry.Cli.Tests.Correlation;

/// <summary>
/// <c>telemetry correlate --timescale</c>: the <c>incidents</c>, <c>incident_events</c> and
/// <c>commands</c> tables it leaves are those <c>telemetry replay --timescale</c> writes for the
/// same capture, up to the correlator's release point (<see cref="IncidentTables"/>), with or
/// without a crash in between.
/// </summary>
public sealed class CorrelateDatabaseTests
{
    private const int Seed = 3;
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task Run_WritesTheIncidentTablesOfReplay_WhenFaultFree()
    {
        await using var rig = await CorrelationRig.CreateAsync(Seed);
        await using var replay = await DatabaseTables.CreateMigratedAsync();
        await rig.ReplayIntoAsync(replay);
        rig.Fleet.ProduceUpTo(1.0);
        await using (rig.StartProcess())
        {
            await rig.WaitForProcessAsync();
        }

        long releasedMs;
        await using (var correlator = rig.StartStoringCorrelator())
        {
            await InProcessCorrelator.WaitForAsync([correlator], rig.DecisionEnds(), s_timeout);
            releasedMs = correlator.Progress.Min(p => p.ReleasedMs);
        }

        await AssertSameTablesAsync(replay, rig.Db, releasedMs);
    }

    [Fact]
    public async Task Run_WritesTheIncidentTablesOfReplay_WhenKilledMidwayAndRestarted()
    {
        await using var rig = await CorrelationRig.CreateAsync(Seed);
        await using var replay = await DatabaseTables.CreateMigratedAsync();
        await rig.ReplayIntoAsync(replay);
        rig.Fleet.ProduceUpTo(0.5);
        await using var process = rig.StartProcess();
        await rig.WaitForProcessAsync();
        var half = rig.DecisionEnds();

        var first = rig.StartCorrelateChild();
        using var checkpoints = new CorrelateCheckpointStore(rig.BootstrapServers, rig.Fleet.Options);
        try
        {
            // Every offset of the first half committed, so its incidents are stored (or, were the
            // commit not to wait for them, never stored: the restart does not emit them again);
            // and checkpointed, so the restart resumes from the first half's end or later.
            await WaitUntilAsync(
                () => CommittedUpTo(rig, half) && CheckpointedUpTo(checkpoints, half), "the first half not committed and checkpointed", first);
            var published = rig.IncidentValues().Count;
            rig.Fleet.ProduceUpTo(1.0);
            // Killed as soon as it publishes outputs of the second half, most likely before their commit.
            await WaitUntilAsync(() => rig.IncidentValues().Count > published, "no incident of the second half", first);
        }
        finally
        {
            first.Dispose();
        }

        var written = await DatabaseTables.CountAsync(rig.Db, "incident_events");

        await rig.WaitForProcessAsync();
        var after = rig.DecisionEnds();
        long releasedMs;
        await using (var restarted = rig.StartStoringCorrelator())
        {
            await InProcessCorrelator.WaitForAsync([restarted], after, s_timeout);
            releasedMs = restarted.Progress.Min(p => p.ReleasedMs);
            await restarted.DisposeAsync();

            // Every partition restored from a checkpoint of the killed correlator and read on from
            // it: no record of the first half read again.
            Assert.Equal(CorrelationRig.DecisionPartitions, restarted.CheckpointsRestored);
            Assert.InRange(restarted.Consumed, 1, after.Sum() - half.Sum());
        }

        await AssertSameTablesAsync(replay, rig.Db, releasedMs);
        Assert.True(written > 0, "the killed correlator had written no incident");
    }

    [Fact]
    public async Task Run_WritesTheIncidentTablesOfReplay_WhenTheDatabaseTerminatesItsConnections()
    {
        const string correlatorConnections = "correlate";
        await using var rig = await CorrelationRig.CreateAsync(Seed);
        await using var replay = await DatabaseTables.CreateMigratedAsync();
        await rig.ReplayIntoAsync(replay);
        rig.Fleet.ProduceUpTo(0.3);
        await using var process = rig.StartProcess();
        await rig.WaitForProcessAsync();

        var terminated = 0L;
        long releasedMs;
        await using (var correlator = rig.StartStoringCorrelator(correlatorConnections))
        {
            await InProcessCorrelator.WaitForAsync([correlator], rig.DecisionEnds(), s_timeout);

            // The correlator's backends, over and over while it stores the incidents of each new
            // slice: pooled connections die idle or inside the sink's transaction. The sink's
            // retries must absorb each; were they to run out, stopping the correlator would throw.
            for (var step = 1; step <= 10; step++)
            {
                terminated += await rig.Db.TerminateBackendsOfAsync(correlatorConnections);
                rig.Fleet.ProduceUpTo(0.3 + (0.07 * step));
                await rig.WaitForProcessAsync();
            }

            await InProcessCorrelator.WaitForAsync([correlator], rig.DecisionEnds(), s_timeout);
            releasedMs = correlator.Progress.Min(p => p.ReleasedMs);
        }

        Assert.True(terminated > 0, "no connection of the correlator was terminated");
        await AssertSameTablesAsync(replay, rig.Db, releasedMs);
    }

    [Fact]
    public async Task Correlate_ExitsOne_AndARestartWritesTheIncidentTablesOfReplay_WhenTheDatabaseRefusesConnections()
    {
        await using var rig = await CorrelationRig.CreateAsync(Seed);
        await using var replay = await DatabaseTables.CreateMigratedAsync();
        await rig.ReplayIntoAsync(replay);
        // A database of its own, so that refusing its connections leaves the process workers alone.
        await using var incidents = await DatabaseTables.CreateMigratedAsync();
        rig.Fleet.ProduceUpTo(0.5);
        await using var process = rig.StartProcess();
        await rig.WaitForProcessAsync();
        var half = rig.DecisionEnds();

        using (var first = CorrelateChild.Start(rig.BootstrapServers, rig.Fleet.Options, incidents.ConnectionString, rig.InventoryPath))
        {
            await WaitUntilAsync(() => CommittedUpTo(rig, half), "the first half not committed", first);
            Assert.True(await incidents.RefuseConnectionsAsync() > 0, "the correlator held no connection");

            // The second half's incidents cannot be stored: the correlator stops rather than commit past them.
            rig.Fleet.ProduceUpTo(1.0);
            var result = await first.WaitForExitAsync(s_timeout);
            Assert.True(result.ExitCode == 1, result.ToString());
            Assert.Contains("Stopped: incidents and commands could not be written to the database", result.Stderr, StringComparison.Ordinal);
        }

        await incidents.AcceptConnectionsAsync();
        await rig.WaitForProcessAsync();
        long releasedMs;
        await using (var restarted = InProcessCorrelator.Start(rig.BootstrapServers, rig.Fleet.Options, rig.Inventory, timescale: incidents.ConnectionString))
        {
            await InProcessCorrelator.WaitForAsync([restarted], rig.DecisionEnds(), s_timeout);
            releasedMs = restarted.Progress.Min(p => p.ReleasedMs);
        }

        await AssertSameTablesAsync(replay, incidents, releasedMs);
    }

    internal static async Task AssertSameTablesAsync(ThrowawayDatabase replay, ThrowawayDatabase correlated, long releasedMs)
    {
        Assert.True(releasedMs > long.MinValue, "no watermark was released");
        var changedLater = await IncidentTables.ChangedFromAsync(replay, releasedMs);
        var expected = await IncidentTables.SnapshotAsync(replay, releasedMs, changedLater);
        Assert.Contains(expected, row => row.StartsWith("incident_events: ", StringComparison.Ordinal));
        Assert.Contains(expected, row => row.StartsWith("incidents: ", StringComparison.Ordinal));
        Assert.Contains(expected, row => row.StartsWith("commands: ", StringComparison.Ordinal));
        ReferenceRun.AssertSame(expected, await IncidentTables.SnapshotAsync(correlated, releasedMs, changedLater));
    }

    /// <summary>True when the correlator group's committed offsets on the decisions topic reach <paramref name="ends"/>.</summary>
    private static bool CommittedUpTo(CorrelationRig rig, long[] ends)
    {
        var config = new Confluent.Kafka.ConsumerConfig { BootstrapServers = rig.BootstrapServers, GroupId = rig.Fleet.Options.CorrelateGroupId };
        using var consumer = new Confluent.Kafka.ConsumerBuilder<byte[], byte[]>(config).Build();
        var committed = consumer.Committed(
            Enumerable.Range(0, ends.Length).Select(p => new Confluent.Kafka.TopicPartition(rig.Fleet.Options.DecisionsTopic, p)),
            TimeSpan.FromSeconds(10));
        return committed.All(c => !c.Offset.IsSpecial && c.Offset.Value >= ends[c.Partition.Value]);
    }

    /// <summary>True when the group's newest checkpoint of every decisions partition reflects an offset at or past <paramref name="ends"/>.</summary>
    private static bool CheckpointedUpTo(CorrelateCheckpointStore checkpoints, long[] ends)
    {
        for (var p = 0; p < ends.Length; p++)
        {
            if (checkpoints.ReadLatest(p, long.MaxValue) is not { } newest || newest.Offset < ends[p])
            {
                return false;
            }
        }

        return true;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string failure, RunningTelemetry child)
    {
        using var guard = new CancellationTokenSource(s_timeout);
        while (!condition())
        {
            if (guard.IsCancellationRequested)
            {
                throw new TimeoutException($"{failure} within {s_timeout}:\n{child.Stderr}");
            }

            await Task.Delay(50, CancellationToken.None);
        }
    }
}
