namespace Telemetry.Bench.EndToEnd;

/// <summary>
/// Per-round ratios of two interleaved lines, summed up as their median and range: one round's
/// ratio compares figures measured moments apart, so a slow spell of the machine shifts both
/// sides of it, and the median drops the rounds it hit unevenly.
/// </summary>
public sealed record RatioSpread(double Median, double Min, double Max, int Rounds)
{
    public static RatioSpread Of(IReadOnlyList<double> ratios)
    {
        ArgumentNullException.ThrowIfNull(ratios);
        ArgumentOutOfRangeException.ThrowIfZero(ratios.Count);
        var sorted = new double[ratios.Count];
        for (var i = 0; i < sorted.Length; i++)
        {
            sorted[i] = ratios[i];
        }

        Array.Sort(sorted);
        var middle = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return new RatioSpread(median, sorted[0], sorted[^1], sorted.Length);
    }
}
