using System.Globalization;
using Npgsql;
using Telemetry.Ocpp.Text;

namespace Telemetry.Timescale.Reports;

/// <summary>
/// Outages that overlap a period, with the columns of DESIGN §2.3 <c>outages.csv</c>. Ids are
/// numbered in report order (start, station, port); an open outage has an empty end and its
/// duration up to the end of the period; <c>exempted_outage</c> is true when an exclusion of its
/// port, charger or site overlaps it.
/// </summary>
public static class OutageReport
{
    private const string Sql = """
        SELECT o.cp, o.port, o.start_time, o.end_time, o.cause,
               EXISTS (SELECT FROM exclusions x
                       WHERE x.from_time < coalesce(o.end_time, $2) AND x.to_time > o.start_time
                         AND CASE x.scope
                                 WHEN 'port' THEN x.cp = o.cp AND x.port = o.port
                                 WHEN 'charger' THEN x.cp = o.cp
                                 ELSE o.cp IN (SELECT i.cp FROM inventory i WHERE i.site = x.site)
                             END)
        FROM outages o
        WHERE o.start_time < $2 AND (o.end_time IS NULL OR o.end_time > $1)
        ORDER BY o.start_time, o.cp, o.port
        """;

    public static readonly ReportColumn[] Columns =
    [
        new("outage_id"), new("port_id", ColumnKind.Number), new("station_id"), new("outage_start"), new("outage_end"),
        new("outage_duration", ColumnKind.Number), new("outage_cause"), new("exempted_outage", ColumnKind.Boolean),
    ];

    public static async Task<ReportTable> QueryAsync(NpgsqlDataSource dataSource, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        var table = new ReportTable(Columns);
        var command = dataSource.CreateCommand(Sql);
        await using (command.ConfigureAwait(false))
        {
            ReportPeriod.Add(command, from, to);
            var toMs = ReportPeriod.UnixMs(to.UtcDateTime);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var id = 0;
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var startMs = ReportPeriod.UnixMs(reader.GetDateTime(2));
                    long? endMs = reader.IsDBNull(3) ? null : ReportPeriod.UnixMs(reader.GetDateTime(3));
                    id++;
                    table.Add(
                        "O-" + id.ToString("D6", CultureInfo.InvariantCulture),
                        reader.GetInt16(1).ToString(CultureInfo.InvariantCulture),
                        reader.GetString(0),
                        Rfc3339.Format(startMs),
                        endMs is { } end ? Rfc3339.Format(end) : string.Empty,
                        UptimeReport.Number(((endMs ?? toMs) - startMs) / 60_000.0),
                        reader.GetString(4),
                        reader.GetBoolean(5) ? "true" : "false");
                }
            }
        }

        return table;
    }
}
