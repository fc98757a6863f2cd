using System.Text;
using Confluent.Kafka;
using Telemetry.Kafka.Embedded;
using Telemetry.Kafka.Events;
using Telemetry.Kafka.Tests.Support;
using Telemetry.Ocpp.Events;

namespace Telemetry.Kafka.Tests.Events;

/// <summary>The offset check of <see cref="EventConsumer"/>: every partition read from 0 without a gap, or a loud failure.</summary>
public class EventConsumerTests
{
    private static readonly TimeSpan s_flushTimeout = TimeSpan.FromSeconds(30);

    /// <summary>librdkafka's mock cluster keeps 5 MiB of record batches per partition.</summary>
    private const long MockPartitionBytes = 5L * 1024 * 1024;

    private const int RetentionRecords = 25_000;

    [Fact]
    public void ConsumeUntil_ReadsOffsetsFromZeroWithoutGaps_FromTheIdempotentProducer()
    {
        using var kafka = new EmbeddedKafka();
        var options = Options("contiguous", partitions: 4);
        kafka.CreateTopic(options.EventsTopic, options.Partitions);
        var chargers = new ChargerRegistry();
        using (var producer = new EventProducer(kafka.BootstrapServers, options))
        {
            for (var i = 0; i < 20_000; i++)
            {
                var e = Event(chargers.Intern($"CP-{i % 97:D3}".AsSpan()), i);
                producer.Produce(chargers, in e);
            }

            Assert.True(producer.Flush(s_flushTimeout));
        }

        using var consumer = new EventConsumer(kafka.BootstrapServers, options);
        var receiver = new RecordingReceiver();
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        consumer.ConsumeUntil(consumer.QueryEndOffsets(), ref receiver, guard.Token);

        Assert.Equal(20_000, receiver.Events.Count);
        foreach (var partition in receiver.Events.GroupBy(r => r.Partition))
        {
            Assert.Equal(Enumerable.Range(0, partition.Count()).Select(o => (long)o), partition.Select(r => r.Offset));
        }
    }

    [Fact]
    public void ConsumeUntil_ThrowsNamingPartitionAndOffsets_WhenTheBrokerDroppedTheEarliestRecords()
    {
        using var kafka = new EmbeddedKafka();
        var options = Options("dropped", partitions: 1);
        var low = ProduceBeyondRetention(kafka, options);
        using var consumer = new EventConsumer(kafka.BootstrapServers, options);
        var receiver = new RecordingReceiver();
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        var thrown = Assert.Throws<InvalidOperationException>(() => consumer.ConsumeUntil(consumer.QueryEndOffsets(), ref receiver, guard.Token));

        Assert.Contains($"{options.EventsTopic} partition 0: expected offset 0, saw {low}", thrown.Message, StringComparison.Ordinal);
        Assert.Empty(receiver.Events);
    }

    [Fact]
    public void ConsumeUntil_ReadsWhatTheBrokerStillHoldsWithoutGaps_WhenNotAskedToReadFromZero()
    {
        using var kafka = new EmbeddedKafka();
        var options = Options("held", partitions: 1);
        var low = ProduceBeyondRetention(kafka, options);
        using var consumer = new EventConsumer(kafka.BootstrapServers, options, fromZero: false);
        var receiver = new RecordingReceiver();
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        consumer.ConsumeUntil(consumer.QueryEndOffsets(), ref receiver, guard.Token);

        Assert.Equal(Enumerable.Range((int)low, RetentionRecords - (int)low).Select(o => (long)o), receiver.Events.Select(r => r.Offset));
    }

    /// <summary>Fills partition 0 past what the embedded Kafka keeps; returns its low watermark, above 0.</summary>
    private static long ProduceBeyondRetention(EmbeddedKafka kafka, KafkaOptions options)
    {
        kafka.CreateTopic(options.EventsTopic, 1);
        // Records of about 300 bytes (a 250-byte text): 25,000 of them are 7.5 MB, over what the partition keeps.
        var texts = new TextCodeRegistry();
        var text = texts.Intern(Encoding.UTF8.GetBytes(new string('x', 250)));
        var chargers = new ChargerRegistry();
        var charger = chargers.Intern("CP-1".AsSpan());
        Assert.True(RetentionRecords * 280L > MockPartitionBytes);
        using (var producer = new EventProducer(kafka.BootstrapServers, options) { TextCodes = texts })
        {
            for (var i = 0; i < RetentionRecords; i++)
            {
                var e = Event(charger, i);
                e.TextCode = text;
                producer.Produce(chargers, in e);
            }

            Assert.True(producer.Flush(s_flushTimeout));
            Assert.Equal(0, producer.DeliveryErrors);
        }

        var low = LowWatermark(kafka.BootstrapServers, options.EventsTopic);
        Assert.InRange(low, 1, RetentionRecords - 1);
        return low;
    }

    private static long LowWatermark(string bootstrapServers, string topic)
    {
        using var reader = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = bootstrapServers, GroupId = "watermarks" }).Build();
        return Watermarks.Query(reader, new TopicPartition(topic, 0), TimeSpan.FromSeconds(10)).Low.Value;
    }

    private static TelemetryEvent Event(int charger, int value)
    {
        var e = TelemetryEvent.Create(EventKind.Heartbeat, 1_700_000_000_000 + value, charger, OcppVersion.V16);
        e.Value = value;
        return e;
    }

    private static KafkaOptions Options(string name, int partitions) => new()
    {
        EventsTopic = $"telemetry.events.{name}",
        GroupId = $"telemetry-process.{name}",
        Partitions = partitions,
    };
}
