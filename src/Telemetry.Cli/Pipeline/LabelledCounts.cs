using Prometheus;

namespace Telemetry.Cli.Pipeline;

/// <summary>
/// Counts by a byte-sized label value in a plain array, written by one hot loop without
/// locking or label lookups; <see cref="Publish"/> adds the deltas to the Prometheus counter
/// from another thread now and then.
/// </summary>
internal sealed class LabelledCounts(Counter counter, Func<int, string> labelValue)
{
    private readonly long[] _published = new long[256];

    public long[] Counts { get; } = new long[256];

    public long Total
    {
        get
        {
            long total = 0;
            for (var i = 0; i < Counts.Length; i++)
            {
                total += Volatile.Read(ref Counts[i]);
            }

            return total;
        }
    }

    public void Increment(byte value) => Counts[value]++;

    public void Publish()
    {
        lock (_published)
        {
            for (var i = 0; i < Counts.Length; i++)
            {
                var now = Volatile.Read(ref Counts[i]);
                if (now != _published[i])
                {
                    counter.WithLabels(labelValue(i)).Inc(now - _published[i]);
                    _published[i] = now;
                }
            }
        }
    }
}
