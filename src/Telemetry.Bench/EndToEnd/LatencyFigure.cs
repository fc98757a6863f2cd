namespace Telemetry.Bench.EndToEnd;

/// <summary>
/// What a paced run measured: events produced and detected, and for each signal the wall time
/// from the moment it became due (see <see cref="PacedLatency"/>) to its emission.
/// </summary>
/// <param name="LatenciesMs">Every signal's latency in milliseconds, sorted ascending.</param>
public sealed record LatencyFigure(double TargetRate, double ProducedRate, long Produced, long Detected, long LateEvents, TimeSpan AllowedLateness, double[] LatenciesMs)
{
    public int Signals => LatenciesMs.Length;

    public double P50Ms => Percentile(0.50);

    public double P99Ms => Percentile(0.99);

    public double MaxMs => LatenciesMs.Length == 0 ? double.NaN : LatenciesMs[^1];

    /// <summary>Nearest-rank percentile: the smallest latency at or above the fraction <paramref name="q"/> of all; NaN with no signal.</summary>
    public double Percentile(double q)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(q);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(q, 1);
        if (LatenciesMs.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(q * LatenciesMs.Length);
        return LatenciesMs[Math.Max(rank, 1) - 1];
    }
}
