using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Telemetry.Kafka;

namespace Telemetry.Cli.Tests.Ingest;

/// <summary>A topic of raw frames on an embedded Kafka, filled as a CSMS tap would fill it: one message per record, keyed by charge point id.</summary>
internal static class RawTopic
{
    /// <summary>Each line of a tap capture as a message keyed by its <c>cp</c>.</summary>
    public static List<Message<byte[], byte[]>> TapRecords(byte[] capture)
    {
        var messages = new List<Message<byte[], byte[]>>();
        foreach (var line in Encoding.UTF8.GetString(capture).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var record = JsonDocument.Parse(line);
            var cp = record.RootElement.GetProperty("cp").GetString()!;
            messages.Add(new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes(cp), Value = Encoding.UTF8.GetBytes(line) });
        }

        return messages;
    }

    public static void Produce(string bootstrapServers, string topic, IEnumerable<Message<byte[], byte[]>> messages)
    {
        var config = new ProducerConfig { BootstrapServers = bootstrapServers, EnableIdempotence = true, LingerMs = 5 };
        using var producer = new ProducerBuilder<byte[], byte[]>(config).Build();
        var failures = 0;
        foreach (var message in messages)
        {
            producer.Produce(topic, message, report => Interlocked.Add(ref failures, report.Error.IsError ? 1 : 0));
        }

        Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(30)));
        Assert.Equal(0, failures);
    }

    /// <summary>Options whose consumers leave and join a mock-cluster group within seconds.</summary>
    public static KafkaOptions ShortSessions(KafkaOptions options)
    {
        options.ClientSettings["session.timeout.ms"] = "3000";
        options.ClientSettings["heartbeat.interval.ms"] = "200";
        return options;
    }
}
