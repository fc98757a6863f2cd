using Confluent.Kafka;
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
}
