using System.Globalization;
using Telemetry.Engine.Availability;
using Telemetry.Ocpp.Text;

namespace Telemetry.Files.Uptime;

/// <summary>
/// Writes <c>outages.csv</c> (DESIGN §2.3). An outage still open when the input ended has an
/// empty <c>outage_end</c> and its duration up to the end of the input.
/// </summary>
public static class OutageCsvWriter
{
    public const string Header = "outage_id,port_id,station_id,outage_start,outage_end,outage_duration,outage_cause,exempted_outage";

    public static void Write(string path, IEnumerable<Outage> outages, long inputEndMs)
    {
        var ordered = outages.ToList();
        ordered.Sort(static (a, b) =>
        {
            var c = a.StartMs.CompareTo(b.StartMs);
            if (c == 0) c = string.CompareOrdinal(a.ChargePoint, b.ChargePoint);
            if (c == 0) c = a.Port.CompareTo(b.Port);
            return c;
        });
        using var writer = new StreamWriter(path) { NewLine = "\n" };
        writer.WriteLine(Header);
        var id = 0;
        foreach (var outage in ordered)
        {
            id++;
            var end = outage.EndMs ?? inputEndMs;
            writer.WriteLine(string.Join(',',
                "O-" + id.ToString("D6", CultureInfo.InvariantCulture),
                outage.Port.ToString(CultureInfo.InvariantCulture),
                outage.ChargePoint,
                Rfc3339.Format(outage.StartMs),
                outage.EndMs is { } closed ? Rfc3339.Format(closed) : string.Empty,
                UptimeCsvWriter.Number((end - outage.StartMs) / 60_000.0),
                outage.Cause,
                "false"));
        }
    }
}
