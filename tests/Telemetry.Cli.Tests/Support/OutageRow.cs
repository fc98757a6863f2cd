using System.Globalization;

namespace Telemetry.Cli.Tests.Support;

/// <summary>One row of outages.csv, read by column name from the header.</summary>
internal sealed record OutageRow(string ChargePoint, int Port, DateTimeOffset Start, DateTimeOffset? End, double DurationMinutes, string Cause)
{
    public static IReadOnlyList<OutageRow> ReadAll(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        int Column(string name) => Array.IndexOf(header, name) is var i and >= 0 ? i : throw new InvalidDataException($"outages.csv lacks {name}");
        return lines.Skip(1).Select(line => line.Split(',')).Select(v => new OutageRow(
            v[Column("station_id")],
            int.Parse(v[Column("port_id")], CultureInfo.InvariantCulture),
            DateTimeOffset.Parse(v[Column("outage_start")], CultureInfo.InvariantCulture),
            v[Column("outage_end")].Length == 0 ? null : DateTimeOffset.Parse(v[Column("outage_end")], CultureInfo.InvariantCulture),
            double.Parse(v[Column("outage_duration")], CultureInfo.InvariantCulture),
            v[Column("outage_cause")])).ToList();
    }
}
