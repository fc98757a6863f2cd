using System.Diagnostics.Metrics;

namespace Telemetry.Cli.Pipeline;

/// <summary>
/// Counts by a byte-sized label value in a plain array, written by one hot loop without
/// locking or tag allocation; <see cref="Publish"/> adds the deltas to the instrument from
/// another thread now and then.
/// </summary>
internal sealed class LabelledCounts(Counter<long> counter, string label, Func<int, string> labelValue)
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
            PublishDeltas();
        }
    }

    private void PublishDeltas()
    {
        for (var i = 0; i < Counts.Length; i++)
        {
            var now = Volatile.Read(ref Counts[i]);
            if (now != _published[i])
            {
                counter.Add(now - _published[i], new KeyValuePair<string, object?>(label, labelValue(i)));
                _published[i] = now;
            }
        }
    }
}
