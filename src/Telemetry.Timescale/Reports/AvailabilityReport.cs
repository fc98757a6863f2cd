using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using Telemetry.Ocpp.Text;

namespace Telemetry.Timescale.Reports;

/// <summary>
/// Availability per port per fixed interval (15 minutes for California's reliability data), from
/// <c>connector_minute</c>. Intervals are aligned to the Unix epoch in UTC; minutes of an
/// interval without a row, or with unknown time, count as unknown; <c>availability_pct</c> is
/// up over known time, empty when nothing is known. Intervals with no row at all are left out.
/// </summary>
public static class AvailabilityReport
{
    private const string Sql = """
        SELECT cp, port, date_bin($3, minute, TIMESTAMPTZ '1970-01-01 00:00:00+00') AS bucket,
               sum(up_ms)::bigint, sum(down_ms)::bigint
        FROM connector_minute
        WHERE minute >= $1 AND minute < $2
        GROUP BY 1, 2, 3
        ORDER BY 1, 2, 3
        """;

    public static readonly ReportColumn[] Columns =
    [
        new("station_id"), new("port_id", ColumnKind.Number), new("interval_start"), new("interval_end"),
        new("up_minutes", ColumnKind.Number), new("down_minutes", ColumnKind.Number), new("unknown_minutes", ColumnKind.Number),
        new("availability_pct", ColumnKind.Number),
    ];

    /// <exception cref="ArgumentOutOfRangeException"><paramref name="interval"/> is not a whole number of minutes of at least one.</exception>
    public static async Task<ReportTable> QueryAsync(
        NpgsqlDataSource dataSource, DateTimeOffset from, DateTimeOffset to, TimeSpan interval, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        if (interval < TimeSpan.FromMinutes(1) || interval.Ticks % TimeSpan.TicksPerMinute != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(interval), interval, "--interval must be a whole number of minutes.");
        }

        var table = new ReportTable(Columns);
        var intervalMs = (long)interval.TotalMilliseconds;
        var command = dataSource.CreateCommand(Sql);
        await using (command.ConfigureAwait(false))
        {
            ReportPeriod.Add(command, from, to);
            command.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = interval, NpgsqlDbType = NpgsqlDbType.Interval });
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var startMs = ReportPeriod.UnixMs(reader.GetDateTime(2));
                    var upMs = reader.GetInt64(3);
                    var downMs = reader.GetInt64(4);
                    table.Add(
                        reader.GetString(0),
                        reader.GetInt16(1).ToString(CultureInfo.InvariantCulture),
                        Rfc3339.Format(startMs),
                        Rfc3339.Format(startMs + intervalMs),
                        UptimeReport.Number(upMs / 60_000.0),
                        UptimeReport.Number(downMs / 60_000.0),
                        UptimeReport.Number((intervalMs - upMs - downMs) / 60_000.0),
                        upMs + downMs == 0 ? string.Empty : UptimeReport.Number(100.0 * upMs / (upMs + downMs)));
                }
            }
        }

        return table;
    }
}
