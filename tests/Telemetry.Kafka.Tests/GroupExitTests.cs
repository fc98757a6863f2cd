using Confluent.Kafka;
using Telemetry.Kafka.Embedded;

namespace Telemetry.Kafka.Tests;

public class GroupExitTests
{
    private const string Topic = "exit";
    private const int Partitions = 4;
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public void Leave_RevokesEveryPartitionInAPollOnTheCallersThread_ThenDisposesTheClient()
    {
        using var kafka = new EmbeddedKafka();
        kafka.Cluster.SetGroupInitialRebalanceDelay(TimeSpan.Zero);
        kafka.CreateTopic(Topic, Partitions);
        var revokedOn = new List<(int Partition, int Thread)>();
        var leaving = new ConsumerBuilder<byte[], byte[]>(Config(kafka, "exit-" + Guid.NewGuid().ToString("N")))
            .SetPartitionsRevokedHandler((_, partitions) => revokedOn.AddRange(partitions.Select(p => (p.Partition.Value, Environment.CurrentManagedThreadId))))
            .Build();
        leaving.Subscribe(Topic);
        PollUntil(leaving, () => leaving.Assignment.Count == Partitions);

        Assert.True(GroupExit.Leave(leaving, s_timeout));

        // Close runs on a thread of its own: revocations seen on this one came from the polls before it.
        Assert.Equal(Enumerable.Range(0, Partitions), revokedOn.Select(r => r.Partition).Order());
        Assert.All(revokedOn, r => Assert.Equal(Environment.CurrentManagedThreadId, r.Thread));
        Assert.Throws<ObjectDisposedException>(() => leaving.Assignment);
    }

    [Fact]
    public void Leave_ReturnsFalseAtTheLimit_WhenTheBrokerHoldsBackTheLeaveGroupResponse()
    {
        using var kafka = new EmbeddedKafka();
        kafka.Cluster.SetGroupInitialRebalanceDelay(TimeSpan.Zero);
        kafka.CreateTopic(Topic, Partitions);
        var revoked = new List<int>();
        var leaving = new ConsumerBuilder<byte[], byte[]>(Config(kafka, "exit-" + Guid.NewGuid().ToString("N")))
            .SetPartitionsRevokedHandler((_, partitions) => revoked.AddRange(partitions.Select(p => p.Partition.Value)))
            .Build();
        leaving.Subscribe(Topic);
        PollUntil(leaving, () => leaving.Assignment.Count == Partitions);

        // Revoking is local to the client; leaving the group is not: close waits for the
        // LeaveGroup response, which the broker now holds back far beyond the limit.
        kafka.Cluster.SetBrokerRoundTripTime(-1, TimeSpan.FromSeconds(20));

        Assert.False(GroupExit.Leave(leaving, TimeSpan.FromSeconds(1)));

        // The partitions were given up before close: the limit was spent in close, not in the polls.
        Assert.Equal(Enumerable.Range(0, Partitions), revoked.Order());
    }

    [Fact]
    public void Leave_DisposesAConsumerThatNeverSubscribed()
    {
        using var kafka = new EmbeddedKafka();
        var idle = new ConsumerBuilder<byte[], byte[]>(Config(kafka, "exit-idle")).Build();

        Assert.True(GroupExit.Leave(idle, s_timeout));

        Assert.Throws<ObjectDisposedException>(() => idle.Assignment);
    }

    private static ConsumerConfig Config(EmbeddedKafka kafka, string group) => new()
    {
        BootstrapServers = kafka.BootstrapServers,
        GroupId = group,
        PartitionAssignmentStrategy = PartitionAssignmentStrategy.CooperativeSticky,
        AutoOffsetReset = AutoOffsetReset.Earliest,
    };

    private static void PollUntil(IConsumer<byte[], byte[]> consumer, Func<bool> done)
    {
        using var guard = new CancellationTokenSource(s_timeout);
        while (!done())
        {
            guard.Token.ThrowIfCancellationRequested();
            consumer.Consume(TimeSpan.FromMilliseconds(100));
        }
    }
}
