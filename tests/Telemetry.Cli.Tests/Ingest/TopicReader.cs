using Confluent.Kafka;
using Telemetry.Kafka;
using Telemetry.Kafka.Events;

namespace Telemetry.Cli.Tests.Ingest;

/// <summary>Reads back what was produced to the events and dead-letter topics of an embedded Kafka.</summary>
internal static class TopicReader
{
    public static List<TapStreams.NamedEvent> Events(string bootstrapServers, KafkaOptions options)
    {
        using var consumer = new EventConsumer(bootstrapServers, options);
        var receiver = new Receiver([]);
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        consumer.ConsumeUntil(consumer.QueryEndOffsets(), ref receiver, guard.Token);
        return receiver.Events.Select(e => TapStreams.Named(e, consumer.Chargers, consumer.TextCodes)).ToList();
    }

    public static List<string> Values(string bootstrapServers, string topic)
    {
        var config = new ConsumerConfig { BootstrapServers = bootstrapServers, GroupId = "test-reader", AutoOffsetReset = AutoOffsetReset.Earliest, EnableAutoCommit = false };
        using var consumer = new ConsumerBuilder<byte[], byte[]>(config).Build();
        var high = Telemetry.Kafka.Watermarks.High(consumer, new TopicPartition(topic, 0), TimeSpan.FromSeconds(10));
        consumer.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
        var values = new List<string>();
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (values.Count < high)
        {
            var result = consumer.Consume(guard.Token);
            values.Add(System.Text.Encoding.UTF8.GetString(result.Message.Value));
        }

        consumer.Close();
        return values;
    }

    private readonly struct Receiver(List<Telemetry.Ocpp.Events.TelemetryEvent> events) : IEventReceiver
    {
        public List<Telemetry.Ocpp.Events.TelemetryEvent> Events { get; } = events;

        public void OnEvent(in Telemetry.Ocpp.Events.TelemetryEvent e, int partition, long offset) => Events.Add(e);
    }
}
