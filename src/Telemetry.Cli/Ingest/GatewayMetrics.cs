using Prometheus;
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
    private static readonly Gauge s_queueDepth = Metrics.CreateGauge(
        "telemetry_produce_queue_depth", "Messages handed to the Kafka producer and not yet acknowledged.");
    private static readonly Counter s_deliveryErrors = Metrics.CreateCounter(
        "telemetry_produce_delivery_errors_total", "Messages Kafka did not accept after the client's retries.");
    private static readonly Counter s_queueFullWaits = Metrics.CreateCounter(
        "telemetry_produce_queue_full_waits_total", "Times a writer waited for the producer's full queue (back-pressure applied to the input).");

    private long _refused;
    private long _queueDepth;
    private long _deliveryErrors;
    private long _queueFullWaits;

    public void Publish(int connections, long refused, KafkaPublisher publisher)
    {
        s_connections.Set(connections);
        _refused = Add(s_refused, _refused, refused);
        PublishProducer(publisher);
    }

    /// <summary>The producer's series alone, for an input without connections.</summary>
    public void PublishProducer(KafkaPublisher publisher)
    {
        ArgumentNullException.ThrowIfNull(publisher);
        // This instance's share of the depth: another input's producer adds its own.
        var depth = publisher.InFlight;
        s_queueDepth.Inc(depth - _queueDepth);
        _queueDepth = depth;
        _deliveryErrors = Add(s_deliveryErrors, _deliveryErrors, publisher.DeliveryErrors);
        _queueFullWaits = Add(s_queueFullWaits, _queueFullWaits, publisher.QueueFullWaits);
    }

    private static long Add(Counter counter, long published, long now)
    {
        if (now > published)
        {
            counter.Inc(now - published);
        }

        return Math.Max(published, now);
    }
}
