using System.Buffers.Binary;
using System.Text;
using Confluent.Kafka;

namespace Telemetry.Cli.Tests.Correlation;

/// <summary>A correlator restarted on the same group resumes from the checkpoints its predecessor wrote on shutdown.</summary>
public sealed partial class CorrelateWorkerTests
{
    [Fact]
    public async Task Run_ResumesFromCheckpoints_AndEndsWithTheIncidentsOfReplay_WhenRestartedMidway()
    {
        await using var rig = await CorrelationRig.CreateAsync(Seed);
        var reference = await rig.ReplayAsync();

        var (before, _) = await RunFirstHalfAsync(rig);
        await rig.WaitForProcessAsync();
        var after = rig.DecisionEnds();
        long releasedMs;
        await using (var restarted = rig.StartCorrelator())
        {
            await InProcessCorrelator.WaitForAsync([restarted], after, s_timeout);
            releasedMs = restarted.Progress.Min(p => p.ReleasedMs);
            await restarted.DisposeAsync();

            // Every partition restored, and read from where its checkpoint left off rather than from offset 0.
            Assert.Equal(CorrelationRig.DecisionPartitions, restarted.CheckpointsRestored);
            Assert.InRange(restarted.Consumed, 1, after.Sum() - before.Sum());
        }

        AssertSameBefore(reference, rig, releasedMs, allowIdenticalDuplicates: true);
    }

    [Fact]
    public async Task Run_ReReadsFromTheStart_AndEndsWithTheIncidentsOfReplay_WhenTheCheckpointsAreCorrupt()
    {
        await using var rig = await CorrelationRig.CreateAsync(Seed);
        var reference = await rig.ReplayAsync();

        var (before, written) = await RunFirstHalfAsync(rig);
        Assert.True(written > 0, "the first correlator wrote no checkpoint");
        ProduceCorruptCheckpoints(rig, before);
        await rig.WaitForProcessAsync();
        var after = rig.DecisionEnds();
        long releasedMs;
        await using (var restarted = rig.StartCorrelator())
        {
            await InProcessCorrelator.WaitForAsync([restarted], after, s_timeout);
            releasedMs = restarted.Progress.Min(p => p.ReleasedMs);
            await restarted.DisposeAsync();

            Assert.Equal(0, restarted.CheckpointsRestored);
            Assert.True(restarted.Consumed >= after.Sum(), $"read {restarted.Consumed} records, not every one of {after.Sum()}");
        }

        AssertSameBefore(reference, rig, releasedMs, allowIdenticalDuplicates: true);
    }

    /// <summary>Feeds 40 % of the capture, correlates it and stops (checkpointing on shutdown), then feeds the rest.</summary>
    private static async Task<(long[] Ends, long CheckpointsWritten)> RunFirstHalfAsync(CorrelationRig rig)
    {
        rig.Fleet.ProduceUpTo(0.4);
        await using var process = rig.StartProcess();
        await rig.WaitForProcessAsync();
        var ends = rig.DecisionEnds();
        long written;
        await using (var first = rig.StartCorrelator())
        {
            await InProcessCorrelator.WaitForAsync([first], ends, s_timeout);
            await first.DisposeAsync();
            written = first.CheckpointsWritten;
        }

        rig.Fleet.ProduceUpTo(1.0);
        await rig.WaitForProcessAsync();
        return (ends, written);
    }

    /// <summary>A checkpoint of the group at each partition's end offset whose body is garbage: newer than the good one, and refused.</summary>
    private static void ProduceCorruptCheckpoints(CorrelationRig rig, long[] ends)
    {
        using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = rig.BootstrapServers }).Build();
        var key = Encoding.UTF8.GetBytes(rig.Fleet.Options.CorrelateGroupId);
        for (var p = 0; p < ends.Length; p++)
        {
            var value = new byte[sizeof(long) + 64];
            BinaryPrimitives.WriteInt64LittleEndian(value, ends[p]);
            value.AsSpan(sizeof(long)).Fill(0x5A);
            producer.Produce(new TopicPartition(rig.Fleet.Options.CorrelateCheckpointsTopic, p), new Message<byte[], byte[]> { Key = key, Value = value });
        }

        producer.Flush(TimeSpan.FromSeconds(10));
    }
}
