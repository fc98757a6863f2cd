using System.Text;
using Confluent.Kafka;
using Telemetry.Kafka.Codec;
using Telemetry.Kafka.Embedded;
using Telemetry.Kafka.Events;
using Telemetry.Kafka.Tests.Support;
using Telemetry.Ocpp.Events;

namespace Telemetry.Kafka.Tests.Events;

/// <summary><see cref="EventProducer"/> and <see cref="EventConsumer"/> together on the embedded Kafka.</summary>
public class EventPipelineTests
{
    private const int Partitions = 8;
    private static readonly TimeSpan s_flushTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public void ConsumeUntil_ReadsEveryEventOnceInKeyOrder_FromThePartitionOfItsKey()
    {
        using var kafka = new EmbeddedKafka();
        var options = Options("keyed");
        kafka.CreateTopic(options.EventsTopic, Partitions);
        var (chargers, produced) = Fleet(chargerCount: 50, eventsPerCharger: 20);
        using (var producer = new EventProducer(kafka.BootstrapServers, options))
        {
            foreach (var e in produced)
            {
                producer.Produce(chargers, in e);
            }

            Assert.True(producer.Flush(s_flushTimeout));
            Assert.Equal(produced.Count, producer.Produced);
            Assert.Equal(produced.Count, producer.Delivered);
            Assert.Equal(0, producer.DeliveryErrors);
        }

        using var consumer = new EventConsumer(kafka.BootstrapServers, options);
        var ends = consumer.QueryEndOffsets();
        Assert.Equal(Partitions, ends.Length);
        Assert.Equal(produced.Count, ends.Sum());
        var receiver = new RecordingReceiver();
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        consumer.ConsumeUntil(ends, ref receiver, guard.Token);

        Assert.Equal(produced.Count, consumer.Consumed);
        Assert.Equal(0, consumer.DecodeErrors);
        AssertSameEventsInKeyOrder(chargers, produced, consumer.Chargers, receiver.Events);
        foreach (var byCharger in receiver.Events.GroupBy(r => consumer.Chargers.NameOf(r.Event.Charger)))
        {
            var partition = Assert.Single(byCharger.Select(r => r.Partition).Distinct());
            Assert.Equal(KafkaKeyPartitioner.PartitionOf(Encoding.UTF8.GetBytes(byCharger.Key), Partitions), partition);
        }

        // 50 keys over 8 partitions: a partitioner that ignored the key would not spread like this.
        Assert.True(receiver.Events.Select(r => r.Partition).Distinct().Count() > 1);
    }

    [Fact]
    public async Task ConsumeUntilInputComplete_DrainsEveryEvent_WhileProducerRuns()
    {
        using var kafka = new EmbeddedKafka();
        var options = Options("live");
        kafka.CreateTopic(options.EventsTopic, Partitions);
        var (chargers, produced) = Fleet(chargerCount: 30, eventsPerCharger: 100);
        using var consumer = new EventConsumer(kafka.BootstrapServers, options);
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var consuming = Task.Run(() =>
        {
            var receiver = new RecordingReceiver();
            consumer.ConsumeUntilInputComplete(ref receiver, guard.Token);
            return receiver.Events;
        });

        using (var producer = new EventProducer(kafka.BootstrapServers, options))
        {
            foreach (var e in produced)
            {
                producer.Produce(chargers, in e);
            }

            Assert.True(producer.Flush(s_flushTimeout));
            Assert.Equal(0, producer.DeliveryErrors);
        }

        consumer.CompleteInput();
        var received = await consuming;

        Assert.Equal(produced.Count, consumer.Consumed);
        AssertSameEventsInKeyOrder(chargers, produced, consumer.Chargers, received);
    }

    [Fact]
    public void ConsumeUntil_CountsAndSkipsRecordsThatDoNotDecode()
    {
        using var kafka = new EmbeddedKafka();
        var options = Options("garbage");
        kafka.CreateTopic(options.EventsTopic, 1);
        using (var raw = new ProducerBuilder<byte[]?, byte[]>(new ProducerConfig { BootstrapServers = kafka.BootstrapServers }).Build())
        {
            var key = "CP-1"u8.ToArray();
            raw.Produce(options.EventsTopic, new Message<byte[]?, byte[]> { Key = key, Value = [] });
            raw.Produce(options.EventsTopic, new Message<byte[]?, byte[]> { Key = key, Value = new byte[21] });
            raw.Produce(options.EventsTopic, new Message<byte[]?, byte[]> { Key = key, Value = [1, 2, 3] });
            raw.Produce(options.EventsTopic, new Message<byte[]?, byte[]> { Key = null, Value = Valid(7) });
            raw.Produce(options.EventsTopic, new Message<byte[]?, byte[]> { Key = key, Value = Valid(8) });
            Assert.Equal(0, raw.Flush(s_flushTimeout));
        }

        using var consumer = new EventConsumer(kafka.BootstrapServers, options);
        var receiver = new RecordingReceiver();
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        consumer.ConsumeUntil(consumer.QueryEndOffsets(), ref receiver, guard.Token);

        Assert.Equal(4, consumer.DecodeErrors);
        var only = Assert.Single(receiver.Events);
        Assert.Equal(8, only.Event.Value);
        Assert.Equal("CP-1", consumer.Chargers.NameOf(only.Event.Charger));
        Assert.Equal(4, only.Offset);
    }

    [Fact]
    public void ConsumeUntil_ReturnsWithoutEvents_WhenTopicIsEmpty()
    {
        using var kafka = new EmbeddedKafka();
        var options = Options("empty");
        kafka.CreateTopic(options.EventsTopic, Partitions);
        using var consumer = new EventConsumer(kafka.BootstrapServers, options);
        var receiver = new RecordingReceiver();
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        var ends = consumer.QueryEndOffsets();
        consumer.ConsumeUntil(ends, ref receiver, guard.Token);

        Assert.Equal(new long[Partitions], ends);
        Assert.Empty(receiver.Events);
    }

    [Fact]
    public void KeyOf_ReturnsOneCachedUtf8Key_PerCharger()
    {
        using var kafka = new EmbeddedKafka();
        var chargers = new ChargerRegistry();
        var first = chargers.Intern("CP-Ä-1".AsSpan());
        var second = chargers.Intern("CP-2".AsSpan());
        using var producer = new EventProducer(kafka.BootstrapServers, Options("keys"));

        var key = producer.KeyOf(chargers, first);

        Assert.Same(key, producer.KeyOf(chargers, first));
        Assert.Equal(Encoding.UTF8.GetBytes("CP-Ä-1"), key);
        Assert.Equal(Encoding.UTF8.GetBytes("CP-2"), producer.KeyOf(chargers, second));
    }

    private static KafkaOptions Options(string name) => new()
    {
        EventsTopic = $"telemetry.events.{name}",
        GroupId = $"telemetry-process.{name}",
        Partitions = Partitions,
    };

    /// <summary>Events of several chargers, interleaved; each charger's values count up from 0.</summary>
    private static (ChargerRegistry Chargers, List<TelemetryEvent> Events) Fleet(int chargerCount, int eventsPerCharger)
    {
        var chargers = new ChargerRegistry();
        var ids = Enumerable.Range(0, chargerCount).Select(i => chargers.Intern($"CP-{i:D4}".AsSpan())).ToArray();
        var kinds = Enum.GetValues<EventKind>();
        var statuses = Enum.GetValues<ConnectorStatus>();
        var events = new List<TelemetryEvent>(chargerCount * eventsPerCharger);
        for (var n = 0; n < eventsPerCharger; n++)
        {
            foreach (var id in ids)
            {
                events.Add(new TelemetryEvent
                {
                    TimestampMs = 1_700_000_000_000 + (n * 1000L) + id,
                    Charger = id,
                    Value = n,
                    Port = (ushort)(1 + (n % 2)),
                    Connector = 1,
                    Kind = kinds[(n + id) % kinds.Length],
                    Status = statuses[n % statuses.Length],
                    Error = Ocpp.Events.ErrorCode.NoError,
                    Version = OcppVersion.V16,
                });
            }
        }

        return (chargers, events);
    }

    private static void AssertSameEventsInKeyOrder(
        ChargerRegistry producedChargers, List<TelemetryEvent> produced, ChargerRegistry consumedChargers, List<ReceivedEvent> received)
    {
        Assert.Equal(produced.Count, received.Count);
        var expected = produced
            .GroupBy(e => producedChargers.NameOf(e.Charger))
            .ToDictionary(g => g.Key, g => g.Select(e => e with { Charger = 0 }).ToList());
        var actual = received
            .GroupBy(r => consumedChargers.NameOf(r.Event.Charger))
            .ToDictionary(g => g.Key, g => g.Select(r => r.Event with { Charger = 0 }).ToList());
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (name, events) in expected)
        {
            Assert.Equal(events, actual[name]);
        }
    }

    private static byte[] Valid(int value)
    {
        var buffer = new byte[TelemetryEventCodec.EncodedLength];
        var e = TelemetryEvent.Create(EventKind.Heartbeat, 1_700_000_000_000, 0, OcppVersion.V16);
        e.Value = value;
        TelemetryEventCodec.TryEncode(in e, buffer, out _);
        return buffer;
    }
}
