using Confluent.Kafka;
using Telemetry.Kafka.Embedded;

namespace Telemetry.Kafka.Tests.Embedded;

public class EmbeddedKafkaTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan s_joinTimeout = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    public void CreateTopic_ClientsSeeItsPartitions_InMetadata(int partitions)
    {
        using var kafka = new EmbeddedKafka();
        kafka.CreateTopic("metadata.check", partitions);
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = kafka.BootstrapServers }).Build();

        var metadata = admin.GetMetadata("metadata.check", s_timeout);

        var topic = Assert.Single(metadata.Topics);
        Assert.False(topic.Error.IsError, topic.Error.Reason);
        Assert.Equal(Enumerable.Range(0, partitions), topic.Partitions.Select(p => p.PartitionId).Order());
    }

    [Fact]
    public void BootstrapServers_ListsOneLoopbackListenerPerBroker()
    {
        using var kafka = new EmbeddedKafka(brokers: 3);

        var servers = kafka.BootstrapServers.Split(',');

        Assert.Equal(3, servers.Length);
        Assert.All(servers, s => Assert.StartsWith("127.0.0.1:", s));
    }

    [Fact]
    public void SetPartitionLeader_MovesLeadership_SeenInMetadata()
    {
        using var kafka = new EmbeddedKafka(brokers: 2);
        kafka.CreateTopic("leader.move", 1);
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = kafka.BootstrapServers }).Build();
        var before = admin.GetMetadata("leader.move", s_timeout).Topics[0].Partitions[0].Leader;
        var target = before == 1 ? 2 : 1;

        kafka.Cluster.SetPartitionLeader("leader.move", 0, target);

        Assert.Equal(target, admin.GetMetadata("leader.move", s_timeout).Topics[0].Partitions[0].Leader);
    }

    [Fact]
    public async Task PushRequestErrors_FailsNextProduceRequest_WithPushedError()
    {
        using var kafka = new EmbeddedKafka();
        kafka.CreateTopic("faults", 1);
        using var producer = new ProducerBuilder<Null, string>(new ProducerConfig
        {
            BootstrapServers = kafka.BootstrapServers,
            MessageTimeoutMs = 10_000,
        }).Build();

        kafka.Cluster.PushRequestErrors(KafkaApiKey.Produce, ErrorCode.MsgSizeTooLarge);

        var failure = await Assert.ThrowsAsync<ProduceException<Null, string>>(
            () => producer.ProduceAsync("faults", new Message<Null, string> { Value = "first" }));
        Assert.Equal(ErrorCode.MsgSizeTooLarge, failure.Error.Code);
        var second = await producer.ProduceAsync("faults", new Message<Null, string> { Value = "second" });
        Assert.Equal(PersistenceStatus.Persisted, second.Status);
    }

    [Fact]
    public async Task SetBrokerDown_HoldsDeliveryUntilSetBrokerUp()
    {
        using var kafka = new EmbeddedKafka();
        kafka.CreateTopic("outage", 1);
        using var producer = new ProducerBuilder<Null, string>(new ProducerConfig
        {
            BootstrapServers = kafka.BootstrapServers,
            MessageTimeoutMs = 20_000,
        }).Build();
        await producer.ProduceAsync("outage", new Message<Null, string> { Value = "warm-up" });

        kafka.Cluster.SetBrokerDown(1);
        var pending = producer.ProduceAsync("outage", new Message<Null, string> { Value = "during outage" });
        // Flush cannot finish while the only broker refuses connections.
        Assert.Equal(1, producer.Flush(TimeSpan.FromMilliseconds(500)));
        kafka.Cluster.SetBrokerUp(1);

        var delivered = await pending;
        Assert.Equal(PersistenceStatus.Persisted, delivered.Status);
    }

    // One group id for both cases: the broker its hash picks is down in one of them, so only a
    // coordinator that really moved lets the member join in both.
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void SetGroupCoordinator_LetsAMemberJoin_WhileTheOtherBrokerIsDown(int coordinator)
    {
        const string Group = "coordinated-group";
        using var kafka = new EmbeddedKafka(brokers: 2);
        kafka.CreateTopic("coordinated", 1);
        kafka.Cluster.SetPartitionLeader("coordinated", 0, coordinator);
        kafka.Cluster.SetGroupCoordinator(Group, coordinator);
        kafka.Cluster.SetBrokerDown(coordinator == 1 ? 2 : 1);
        using var consumer = new ConsumerBuilder<Null, Null>(new ConsumerConfig { BootstrapServers = kafka.BootstrapServers, GroupId = Group }).Build();

        consumer.Subscribe("coordinated");
        var deadline = DateTime.UtcNow + s_joinTimeout;
        while (consumer.Assignment.Count == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"no assignment within {s_joinTimeout} with the coordinator on broker {coordinator}");
            consumer.Consume(TimeSpan.FromMilliseconds(100));
        }

        consumer.Close();
    }

    [Fact]
    public void EmbeddedKafka_LeavesOneLibrdkafkaCopyInProcess_ForClientsAndMockApi()
    {
        using var kafka = new EmbeddedKafka();
        kafka.CreateTopic("one.copy", 1);

        // The process map lists every mapped file; a second librdkafka would show as another path.
        var paths = File.ReadLines("/proc/self/maps")
            .Select(line => line.IndexOf('/') is var slash and >= 0 ? line[slash..] : "")
            .Where(path => Path.GetFileName(path).Contains("librdkafka", StringComparison.Ordinal))
            .Distinct()
            .ToList();

        Assert.Single(paths);
    }

    [Fact]
    public void MockClusterOf_Throws_WhenClientHasNoMockCluster()
    {
        using var producer = new ProducerBuilder<Null, Null>(new ProducerConfig { BootstrapServers = "127.0.0.1:1" }).Build();

        var failure = Assert.Throws<InvalidOperationException>(() => MockCluster.Of(producer));

        Assert.Contains("test.mock.num.brokers", failure.Message);
    }

    [Fact]
    public void CreateTopic_ThrowsObjectDisposed_AfterDispose()
    {
        var kafka = new EmbeddedKafka();
        kafka.Dispose();

        Assert.Throws<ObjectDisposedException>(() => kafka.CreateTopic("late", 1));
    }
}
