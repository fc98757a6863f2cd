using System.Globalization;

namespace Telemetry.Simulator.Scoring;

/// <summary>Reads outages.csv (DESIGN §2.3): <c>outage_id,port_id,station_id,outage_start,outage_end,outage_duration,outage_cause,exempted_outage</c>.</summary>
public static class OutageLog
{
    private const int Columns = 8;

    /// <exception cref="FormatException">The header or a row is not as expected.</exception>
    public static IReadOnlyList<ScoredOutage> Read(string path)
    {
        using var reader = new StreamReader(path);
        return Read(reader);
    }

    /// <exception cref="FormatException">The header or a row is not as expected.</exception>
    public static IReadOnlyList<ScoredOutage> Read(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var header = reader.ReadLine();
        if (header is null || !header.StartsWith("outage_id,port_id,station_id,outage_start,outage_end,outage_duration", StringComparison.Ordinal))
        {
            throw new FormatException("outages.csv must start with the header outage_id,port_id,station_id,outage_start,outage_end,outage_duration,…");
        }

        var outages = new List<ScoredOutage>();
        var number = 1;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (line.Length == 0)
            {
                continue;
            }

            var fields = line.Split(',');
            if (fields.Length != Columns
                || !int.TryParse(fields[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var port)
                || !TryParseTime(fields[3], out var start)
                || !double.TryParse(fields[5], NumberStyles.Float, CultureInfo.InvariantCulture, out var minutes))
            {
                throw new FormatException($"outages.csv line {number} is not an outage row.");
            }

            long? end = fields[4].Length == 0 ? null
                : TryParseTime(fields[4], out var closed) ? closed
                : throw new FormatException($"outages.csv line {number} has a bad outage_end.");
            outages.Add(new ScoredOutage(fields[2], port, start, end, minutes));
        }

        return outages;
    }

    private static bool TryParseTime(string text, out long unixMs)
    {
        var ok = DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time);
        unixMs = ok ? time.ToUnixTimeMilliseconds() : 0;
        return ok;
    }
}
