using Confluent.Kafka;
using Telemetry.Cli.Tests.Processing;
using Telemetry.Kafka.Embedded;

namespace Telemetry.Cli.Tests.Correlation;

/// <summary>
/// <c>telemetry correlate</c> under Kafka faults (issue 7 "Faults"): its incidents and commands
/// are those of <c>telemetry replay</c> over the same capture, as in the fault-free
/// <see cref="CorrelateWorkerTests"/>; a record published again is the very same record.
/// </summary>
public sealed class CorrelateFaultTests
{
    private const int Seed = 3;
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Run_PublishesTheIncidentsAndCommandsOfReplay_WhenABrokerGoesDownAndALeaderMoves()
    {
        await using var rig = await CorrelationRig.CreateAsync(Seed, brokers: 3);
        var reference = await rig.ReplayAsync();
        rig.Fleet.ProduceUpTo(0.5);
        await using var process = rig.StartProcess();
        await rig.WaitForProcessAsync();

        long releasedMs;
        await using (var correlator = rig.StartCorrelator())
        {
            var cluster = rig.Fleet.Kafka.Cluster;
            var topic = rig.Fleet.Options.DecisionsTopic;
            cluster.SetBrokerDown(2);
            cluster.SetPartitionLeader(topic, 0, 3);
            cluster.SetPartitionLeader(topic, 1, 1);
            cluster.SetPartitionLeader(rig.Fleet.Options.IncidentsTopic, 0, 3);
            cluster.SetBrokerUp(2);
            rig.Fleet.ProduceUpTo(1.0);
            await rig.WaitForProcessAsync();
            await InProcessCorrelator.WaitForAsync([correlator], rig.DecisionEnds(), s_timeout);
            releasedMs = correlator.Progress.Min(p => p.ReleasedMs);
        }

        CorrelateWorkerTests.AssertSameBefore(reference, rig, releasedMs, allowIdenticalDuplicates: true);
    }

    /// <summary>
    /// <c>process</c> publishes while one broker of three stays down: the leaders of the events,
    /// signals and decisions partitions it led and the process group's coordinator move to the
    /// other two first, as a real cluster's elections move them. What arrives meanwhile is applied
    /// and its decisions delivered before the broker comes back.
    /// </summary>
    [Fact]
    public async Task Run_PublishesTheIncidentsAndCommandsOfReplay_WhenABrokerStaysDownWhileProcessPublishes()
    {
        const int Down = 2;
        const int Live = 1;
        await using var rig = await CorrelationRig.CreateAsync(Seed, brokers: 3);
        var reference = await rig.ReplayAsync();
        var fleet = rig.Fleet;
        var cluster = fleet.Kafka.Cluster;
        cluster.SetGroupCoordinator(fleet.Options.GroupId, Down);
        fleet.ProduceUpTo(0.33);
        await using var process = rig.StartProcess();
        await rig.WaitForProcessAsync();

        cluster.SetBrokerDown(Down);
        fleet.MoveLeadersOff(Down, [Live, 3], fleet.Options.EventsTopic, fleet.Options.SignalsTopic, fleet.Options.DecisionsTopic);
        cluster.SetGroupCoordinator(fleet.Options.GroupId, Live);
        fleet.ProduceUpTo(0.66);
        await rig.WaitForProcessAsync();
        cluster.SetBrokerUp(Down);
        fleet.ProduceUpTo(1.0);
        await rig.WaitForProcessAsync();

        long releasedMs;
        await using (var correlator = rig.StartCorrelator())
        {
            await InProcessCorrelator.WaitForAsync([correlator], rig.DecisionEnds(), s_timeout);
            releasedMs = correlator.Progress.Min(p => p.ReleasedMs);
        }

        CorrelateWorkerTests.AssertSameBefore(reference, rig, releasedMs, allowIdenticalDuplicates: true);
    }

    [Fact]
    public async Task Run_PublishesAndStoresTheIncidentsAndCommandsOfReplay_WhenAThirdInstanceJoinsAndOneLeaves()
    {
        await using var rig = await CorrelationRig.CreateAsync(Seed);
        var reference = await rig.ReplayAsync();
        await using var replayTables = await DatabaseTables.CreateMigratedAsync();
        await rig.ReplayIntoAsync(replayTables);
        rig.Fleet.ProduceUpTo(0.25);
        await using var process = rig.StartProcess();
        await rig.WaitForProcessAsync();

        long releasedMs;
        await using (var first = rig.StartStoringCorrelator())
        {
            await InProcessCorrelator.WaitForAsync([first], rig.DecisionEnds(), s_timeout);
            await using var second = rig.StartStoringCorrelator();
            rig.Fleet.ProduceUpTo(0.4);
            await InProcessCorrelator.WaitForOwnersAsync([first, second], s_timeout);
            await using var third = rig.StartStoringCorrelator();
            rig.Fleet.ProduceUpTo(0.6);
            await InProcessCorrelator.WaitForOwnersAsync([first, second, third], s_timeout);

            // One of three leaves while decisions keep coming; the other two take its partitions.
            await second.DisposeAsync();
            rig.Fleet.ProduceUpTo(1.0);
            await rig.WaitForProcessAsync();
            await InProcessCorrelator.WaitForAsync([first, third], rig.DecisionEnds(), s_timeout);
            releasedMs = first.Progress.Concat(third.Progress).Min(p => p.ReleasedMs);
        }

        CorrelateWorkerTests.AssertSameBefore(reference, rig, releasedMs, allowIdenticalDuplicates: true);
        await CorrelateDatabaseTests.AssertSameTablesAsync(replayTables, rig.Db, releasedMs);
    }

    [Fact]
    public async Task Run_PublishesTheIncidentsAndCommandsOfReplay_WhenFetchAndOffsetRequestsFail()
    {
        await using var rig = await CorrelationRig.CreateAsync(Seed);
        var reference = await rig.ReplayAsync();
        rig.Fleet.ProduceUpTo(0.5);
        await using var process = rig.StartProcess();
        await rig.WaitForProcessAsync();

        long releasedMs;
        await using (var correlator = rig.StartCorrelator())
        {
            var cluster = rig.Fleet.Kafka.Cluster;
            cluster.PushRequestErrors(KafkaApiKey.Fetch, ErrorCode.NotLeaderForPartition, ErrorCode.RequestTimedOut, ErrorCode.NetworkException);
            cluster.PushRequestErrors(KafkaApiKey.OffsetCommit, ErrorCode.RequestTimedOut, ErrorCode.NotCoordinatorForGroup);
            cluster.PushRequestErrors(KafkaApiKey.OffsetFetch, ErrorCode.RequestTimedOut, ErrorCode.NotCoordinatorForGroup);
            rig.Fleet.ProduceUpTo(1.0);
            await rig.WaitForProcessAsync();
            await InProcessCorrelator.WaitForAsync([correlator], rig.DecisionEnds(), s_timeout);
            releasedMs = correlator.Progress.Min(p => p.ReleasedMs);
        }

        CorrelateWorkerTests.AssertSameBefore(reference, rig, releasedMs, allowIdenticalDuplicates: true);
    }

    [Fact]
    public async Task Run_PublishesTheIncidentsAndCommandsOfReplay_WhenProduceRequestsFail()
    {
        await using var rig = await CorrelationRig.CreateAsync(Seed);
        var reference = await rig.ReplayAsync();
        rig.Fleet.ProduceUpTo(0.3);
        await using var process = rig.StartProcess();
        await rig.WaitForProcessAsync();

        long releasedMs;
        await using (var correlator = rig.StartCorrelator())
        {
            var cluster = rig.Fleet.Kafka.Cluster;
            for (var step = 1; step <= 7; step++)
            {
                rig.Fleet.ProduceUpTo(0.3 + (0.1 * step));

                // The test's own producer has delivered its slice and is idle: the next Produce
                // requests are those of process (decisions, signals) and correlate (incidents,
                // commands) for that slice. Their idempotent producers must retry each of these
                // retriable errors without losing or repeating a record.
                cluster.PushRequestErrors(KafkaApiKey.Produce, ErrorCode.NotLeaderForPartition, ErrorCode.RequestTimedOut, ErrorCode.NotEnoughReplicas, ErrorCode.LeaderNotAvailable);
                await rig.WaitForProcessAsync();
            }

            await InProcessCorrelator.WaitForAsync([correlator], rig.DecisionEnds(), s_timeout);
            releasedMs = correlator.Progress.Min(p => p.ReleasedMs);
        }

        CorrelateWorkerTests.AssertSameBefore(reference, rig, releasedMs, allowIdenticalDuplicates: false);
    }
}
