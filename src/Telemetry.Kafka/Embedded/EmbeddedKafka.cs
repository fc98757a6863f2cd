using System.Globalization;
using Confluent.Kafka;

namespace Telemetry.Kafka.Embedded;

/// <summary>
/// An in-process Kafka: librdkafka's mock cluster, reached by ordinary clients over 127.0.0.1
/// with the real wire protocol. The default when no broker is configured.
/// </summary>
/// <remarks>
/// The cluster lives inside an owner client created here and is torn down with it, so the owner
/// is kept until <see cref="Dispose"/>. Ordinary producers and consumers use
/// <see cref="BootstrapServers"/> and must be disposed before this.
/// </remarks>
public sealed class EmbeddedKafka : IDisposable
{
    private readonly IProducer<Null, Null> _owner;

    public EmbeddedKafka(int brokers = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(brokers, 1);
        var config = new ProducerConfig
        {
            ClientId = "telemetry-embedded-kafka",
        };
        config.Set("test.mock.num.brokers", brokers.ToString(CultureInfo.InvariantCulture));
        // The owner never sends a message; it only hosts the cluster. Its log lines (the notice
        // that bootstrap.servers was replaced by the mock brokers, broker chatter) say nothing
        // about the application's own clients and would clutter the CLI's stderr.
        _owner = new ProducerBuilder<Null, Null>(config)
            .SetLogHandler(static (_, _) => { })
            .Build();
        try
        {
            Cluster = MockCluster.Of(_owner);
            // A consumer group would otherwise wait the broker default (3 s) before its first assignment.
            Cluster.SetGroupInitialRebalanceDelay(TimeSpan.Zero);
            BootstrapServers = Cluster.BootstrapServers;
        }
        catch
        {
            _owner.Dispose();
            throw;
        }
    }

    /// <summary>The <c>bootstrap.servers</c> value for clients of this cluster.</summary>
    public string BootstrapServers { get; }

    /// <summary>Native access to the cluster, for topic setup and fault injection.</summary>
    public MockCluster Cluster { get; }

    public void CreateTopic(string name, int partitions) => Cluster.CreateTopic(name, partitions);

    public void Dispose() => _owner.Dispose();
}
