using Telemetry.Kafka.Embedded;
using Telemetry.Kafka.Events;
using Telemetry.Ocpp.Events;

namespace Telemetry.Kafka.Tests.Events;

/// <summary><see cref="GroupEventConsumer"/> as a group member on the embedded Kafka.</summary>
public class GroupEventConsumerTests
{
    private const int Partitions = 4;

    [Fact]
    public void Consume_ReadsEachAssignedPartitionFromTheOwnersOffset_AndRevokesOnDispose()
    {
        using var kafka = new EmbeddedKafka();
        kafka.Cluster.SetGroupInitialRebalanceDelay(TimeSpan.Zero);
        var options = new KafkaOptions { EventsTopic = "group-events", GroupId = "group-" + Guid.NewGuid().ToString("N") };
        kafka.CreateTopic(options.EventsTopic, Partitions);
        var chargers = new ChargerRegistry();
        using (var producer = new EventProducer(kafka.BootstrapServers, options))
        {
            for (var i = 0; i < 400; i++)
            {
                var e = new TelemetryEvent { Charger = chargers.Intern($"CP-{i % 40:D2}"), TimestampMs = 1_700_000_000_000 + i, Kind = EventKind.Heartbeat };
                producer.Produce(chargers, in e);
            }

            Assert.True(producer.Flush(TimeSpan.FromSeconds(10)));
        }

        var owner = new StartingOwner(startAt: 3);
        var receiver = new Recording();
        var ends = new long[Partitions];
        using (var consumer = new GroupEventConsumer(kafka.BootstrapServers, options, owner))
        {
            consumer.Subscribe();
            for (var p = 0; p < Partitions; p++)
            {
                ends[p] = consumer.QueryEndOffset(p);
            }

            using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            while (receiver.Events.Count < ends.Sum() - (3 * Partitions))
            {
                guard.Token.ThrowIfCancellationRequested();
                consumer.Consume(ref receiver, TimeSpan.FromMilliseconds(100));
            }

            Assert.Equal(Enumerable.Range(0, Partitions), consumer.Assigned);
            Assert.Equal(0, consumer.DecodeErrors);
        }

        Assert.Equal(Enumerable.Range(0, Partitions), owner.Assigned.Order());
        Assert.Equal(Enumerable.Range(0, Partitions), owner.Revoked.Order());
        foreach (var byPartition in receiver.Events.GroupBy(r => r.Partition))
        {
            Assert.Equal(Enumerable.Range(3, (int)ends[byPartition.Key] - 3).Select(o => (long)o), byPartition.Select(r => r.Offset));
        }
    }

    private sealed class StartingOwner(long startAt) : IPartitionOwner
    {
        public List<int> Assigned { get; } = [];

        public List<int> Revoked { get; } = [];

        public long OnAssigned(int partition)
        {
            Assigned.Add(partition);
            return startAt;
        }

        public void OnRevoked(int partition, bool lost) => Revoked.Add(partition);
    }

    private struct Recording : IGroupEventReceiver
    {
        public Recording() => Events = [];

        public List<(int Partition, long Offset)> Events { get; }

        public readonly void OnEvent(in TelemetryEvent e, int partition, long offset) => Events.Add((partition, offset));

        public readonly void OnSkipped(int partition, long offset) => Events.Add((partition, offset));
    }
}
