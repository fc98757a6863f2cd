using Confluent.Kafka;

namespace Telemetry.Cli.Tests.Ingest;

/// <summary>Whether a consumer group has committed every record of a topic: the raw-frame input's "all delivered" mark.</summary>
internal static class GroupProgress
{
    public static bool CommittedToEnd(string bootstrapServers, string topic, int partitions, string group)
    {
        var config = new ConsumerConfig { BootstrapServers = bootstrapServers, GroupId = group, EnableAutoCommit = false };
        using var consumer = new ConsumerBuilder<byte[], byte[]>(config).Build();
        var all = Enumerable.Range(0, partitions).Select(p => new TopicPartition(topic, p)).ToList();
        var committed = consumer.Committed(all, TimeSpan.FromSeconds(10));
        foreach (var position in committed)
        {
            var high = Telemetry.Kafka.Watermarks.High(consumer, position.TopicPartition, TimeSpan.FromSeconds(10));
            if (position.Offset.Value != high && high > 0)
            {
                return false;
            }
        }

        return true;
    }
}
