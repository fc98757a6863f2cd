using Prometheus;
using Telemetry.Cli.Hosting;
using Telemetry.Kafka.Publishing;

namespace Telemetry.Cli.Ingest;

/// <summary>
/// The gateway's own Prometheus series: connections, refusals and the producer's queue and
/// delivery outcome. Each input (tap streams, raw-frame topic) publishes its own producer
/// through its own instance; the series are the sums over them.
/// </summary>
internal sealed class GatewayMetrics
{
    private static readonly Gauge s_connections = Metrics.CreateGauge(
        "telemetry_ingest_connections", "Tap streams currently connected to the gateway.");
    private static readonly Counter s_refused = Metrics.CreateCounter(
        "telemetry_ingest_connections_refused_total", "Tap streams closed at accept because the connection limit was reached.");
    private readonly ProducerMetrics _producer = new();
    private long _refused;

    public void Publish(int connections, long refused, KafkaPublisher publisher)
    {
        s_connections.Set(connections);
        _refused = Add(s_refused, _refused, refused);
        PublishProducer(publisher);
    }

    /// <summary>The producer's series alone, for an input without connections.</summary>
    public void PublishProducer(KafkaPublisher publisher) => _producer.Publish(publisher);

    private static long Add(Counter counter, long published, long now)
    {
        if (now > published)
        {
            counter.Inc(now - published);
        }

        return Math.Max(published, now);
    }
}
