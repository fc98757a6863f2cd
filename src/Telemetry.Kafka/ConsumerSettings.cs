using Confluent.Kafka;

namespace Telemetry.Kafka;

/// <summary>
/// The consumer configuration every reader of the engine starts from: earliest offset when the
/// group has none, no automatic commits (each reader commits, or keeps its position elsewhere, on
/// its own terms), the operator's <see cref="KafkaOptions.ClientSettings"/> passed through to
/// librdkafka, and the bootstrap servers given on the command line last so that they win.
/// </summary>
public static class ConsumerSettings
{
    /// <param name="groupMember">True for a consumer-group member (cooperative-sticky assignment, offsets stored only when the reader says so).</param>
    public static ConsumerConfig Create(string bootstrapServers, KafkaOptions options, string clientId, string groupId, bool groupMember)
    {
        ArgumentException.ThrowIfNullOrEmpty(bootstrapServers);
        ArgumentNullException.ThrowIfNull(options);
        var config = new ConsumerConfig
        {
            ClientId = clientId,
            GroupId = groupId,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
        };
        if (groupMember)
        {
            config.PartitionAssignmentStrategy = PartitionAssignmentStrategy.CooperativeSticky;
            config.EnableAutoOffsetStore = false;
        }

        foreach (var (key, value) in options.ClientSettings)
        {
            config.Set(key, value);
        }

        config.BootstrapServers = bootstrapServers;
        return config;
    }
}
