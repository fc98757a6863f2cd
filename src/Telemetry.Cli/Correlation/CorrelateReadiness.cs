using System.Globalization;
using Prometheus;

namespace Telemetry.Cli.Correlation;

/// <summary>
/// Judges, on the consuming thread at each timer tick, whether the partitions a correlator owns
/// are within <see cref="CorrelateOptions.ReadyMaxLag"/> records of their high watermarks, and
/// exports each partition's lag (<c>telemetry_correlate_consumer_lag{partition}</c>).
/// </summary>
/// <remarks>
/// The watermarks are those the consumer's fetch responses carried (<see cref="Kafka.Signals.DecisionConsumer.CachedEndOffset"/>):
/// no request to a broker, so a slow broker cannot hold up the consuming thread, and no second
/// client. A partition whose watermark no fetch has reported yet counts as behind. Each owned
/// partition's series is looked up once on assignment and removed on revocation, so a tick
/// allocates nothing and a partition handed to another member stops being reported here.
/// </remarks>
internal sealed class CorrelateReadiness
{
    private readonly Dictionary<int, Gauge.Child> _lag = [];
    private readonly long _maxLag;

    public CorrelateReadiness(long maxLag) => _maxLag = maxLag;

    public void OnAssigned(int partition) =>
        _lag[partition] = CorrelateMetrics.ConsumerLag.WithLabels(Label(partition));

    public void OnRevoked(int partition)
    {
        if (_lag.Remove(partition))
        {
            CorrelateMetrics.ConsumerLag.RemoveLabelled(Label(partition));
        }
    }

    /// <summary>Exports the lag of an owned partition and says whether it is within the bound.</summary>
    /// <param name="cachedEnd">The partition's high watermark as last fetched, or -1 when unknown.</param>
    /// <param name="next">The next offset the correlator will read.</param>
    public bool Observe(int partition, long cachedEnd, long next)
    {
        var lag = cachedEnd < 0 ? -1 : Math.Max(0, cachedEnd - next);
        if (_lag.TryGetValue(partition, out var series))
        {
            series.Set(lag);
        }

        return lag >= 0 && lag <= _maxLag;
    }

    private static string Label(int partition) => partition.ToString(CultureInfo.InvariantCulture);
}
