using Prometheus;
using Telemetry.Kafka.Publishing;

namespace Telemetry.Cli.Hosting;

/// <summary>
/// The producer series of every producing command: <c>telemetry ingest</c> (events),
/// <c>telemetry process</c> (decisions, signals) and <c>telemetry correlate</c> (incidents,
/// commands), under one set of names, so that one dashboard query and one alert cover every
/// producing process, told apart by their scrape job.
/// </summary>
/// <remarks>
/// Each instance adds its own publisher's share, so several publishers in one process (the
/// gateway's inputs; commands run side by side in tests) sum up.
/// Call <see cref="Publish"/> from one thread: it only reads the publisher's counters, no allocation.
/// </remarks>
internal sealed class ProducerMetrics
{
    private static readonly Gauge s_queueDepth = Metrics.CreateGauge(
        "telemetry_produce_queue_depth", "Messages handed to the Kafka producer and not yet acknowledged.");
    private static readonly Counter s_deliveryErrors = Metrics.CreateCounter(
        "telemetry_produce_delivery_errors_total", "Messages Kafka did not accept after the client's retries.");
    private static readonly Counter s_queueFullWaits = Metrics.CreateCounter(
        "telemetry_produce_queue_full_waits_total", "Times a writer waited for the producer's full queue (back-pressure applied to the input).");

    private long _queueDepth;
    private long _deliveryErrors;
    private long _queueFullWaits;

    public void Publish(KafkaPublisher publisher)
    {
        ArgumentNullException.ThrowIfNull(publisher);
        var depth = publisher.InFlight;
        if (depth != _queueDepth)
        {
            s_queueDepth.Inc(depth - _queueDepth);
            _queueDepth = depth;
        }

        _deliveryErrors = Add(s_deliveryErrors, _deliveryErrors, publisher.DeliveryErrors);
        _queueFullWaits = Add(s_queueFullWaits, _queueFullWaits, publisher.QueueFullWaits);
    }

    private static long Add(Counter counter, long published, long now)
    {
        if (now <= published)
        {
            return published;
        }

        counter.Inc(now - published);
        return now;
    }
}
