using System.Globalization;

namespace Telemetry.Cli.Tests.Support;

/// <summary>Reads samples out of a Prometheus text exposition.</summary>
internal static class MetricsText
{
    /// <summary>
    /// The value of the sample named exactly <paramref name="series"/> (name and labels as
    /// exported, e.g. <c>telemetry_consumer_lag{partition="3"}</c>), or null when there is none.
    /// </summary>
    public static double? Value(string text, string series)
    {
        foreach (var line in text.Split('\n'))
        {
            if (line.Length > series.Length && line[series.Length] == ' ' && line.StartsWith(series, StringComparison.Ordinal))
            {
                return double.Parse(line.AsSpan(series.Length + 1), CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    /// <summary>The value of <paramref name="series"/>, failing the test when it is not exported.</summary>
    public static double Required(string text, string series) =>
        Value(text, series) ?? throw new Xunit.Sdk.XunitException($"{series} is not on /metrics:\n{text}");
}
