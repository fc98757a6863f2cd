using System.Globalization;
using Telemetry.Engine.Uptime;
using Telemetry.Ocpp.Text;

namespace Telemetry.Files.Uptime;

/// <summary>
/// Writes <c>uptime.csv</c> with the columns of the EV Charging Use Specification's uptime table
/// (DESIGN §2.3). Minutes and percentages carry two decimals; <c>report_yr_mon</c> is
/// <c>yyyy-MM</c> for a month and <c>all</c> for the whole input.
/// </summary>
public static class UptimeCsvWriter
{
    public const string Header = "station_id,port_id,uptime_period_start,uptime_period_end,report_yr_mon,uptime_pct,outage_total,outage_excluded";
    public const string WholeInput = "all";

    public static void Write(string path, IEnumerable<PortUptime> rows)
    {
        var ordered = rows.ToList();
        ordered.Sort(static (a, b) =>
        {
            var c = string.CompareOrdinal(a.ChargePoint, b.ChargePoint);
            if (c == 0) c = a.Port.CompareTo(b.Port);
            // Months in order, the whole-input row last.
            if (c == 0) c = string.CompareOrdinal(a.Month ?? "~", b.Month ?? "~");
            return c;
        });
        using var writer = new StreamWriter(path) { NewLine = "\n" };
        writer.WriteLine(Header);
        foreach (var row in ordered)
        {
            writer.WriteLine(string.Join(',',
                row.ChargePoint,
                row.Port.ToString(CultureInfo.InvariantCulture),
                Rfc3339.Format(row.PeriodStartMs),
                Rfc3339.Format(row.PeriodEndMs),
                row.Month ?? WholeInput,
                Number(row.UptimePercent),
                Number(row.OutageMinutes),
                Number(row.ExcludedMinutes)));
        }
    }

    internal static string Number(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);
}
