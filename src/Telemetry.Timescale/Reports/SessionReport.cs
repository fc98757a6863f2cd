using System.Globalization;
using Npgsql;
using Telemetry.Ocpp.Text;

namespace Telemetry.Timescale.Reports;

/// <summary>
/// Charging sessions that started in a period, with the session fields of 23 CFR 680.112(c):
/// start, end, energy (kWh), peak power (kW), how it ended, the driver's authorisation and its
/// method where known, the error codes of an unsuccessful session, and whether it succeeded.
/// Unknown values are empty (JSON null); <c>error_codes</c> are separated by <c>;</c>.
/// </summary>
public static class SessionReport
{
    private const string Sql = """
        SELECT session_id, cp, port, start_time, end_time, energy_kwh, peak_kw, stop_reason, auth_status, auth_method,
               array_to_string(error_codes, ';'), successful
        FROM sessions
        WHERE start_time >= $1 AND start_time < $2
        ORDER BY start_time, cp, port, session_id
        """;

    public static readonly ReportColumn[] Columns =
    [
        new("session_id"), new("station_id"), new("port_id", ColumnKind.Number), new("start"), new("end"),
        new("kwh", ColumnKind.Number), new("peak_kw", ColumnKind.Number), new("stop_reason"), new("auth_status"),
        new("auth_method"), new("error_codes"), new("successful", ColumnKind.Boolean),
    ];

    public static async Task<ReportTable> QueryAsync(NpgsqlDataSource dataSource, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        var table = new ReportTable(Columns);
        var command = dataSource.CreateCommand(Sql);
        await using (command.ConfigureAwait(false))
        {
            ReportPeriod.Add(command, from, to);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    table.Add(
                        reader.GetString(0),
                        reader.GetString(1),
                        reader.GetInt16(2).ToString(CultureInfo.InvariantCulture),
                        Rfc3339.Format(ReportPeriod.UnixMs(reader.GetDateTime(3))),
                        reader.IsDBNull(4) ? string.Empty : Rfc3339.Format(ReportPeriod.UnixMs(reader.GetDateTime(4))),
                        reader.IsDBNull(5) ? string.Empty : reader.GetDouble(5).ToString("0.000", CultureInfo.InvariantCulture),
                        reader.IsDBNull(6) ? string.Empty : reader.GetDouble(6).ToString("0.000", CultureInfo.InvariantCulture),
                        reader.IsDBNull(7) ? string.Empty : reader.GetString(7),
                        reader.IsDBNull(8) ? string.Empty : reader.GetString(8),
                        reader.IsDBNull(9) ? string.Empty : reader.GetString(9),
                        reader.GetString(10),
                        reader.IsDBNull(11) ? string.Empty : reader.GetBoolean(11) ? "true" : "false");
                }
            }
        }

        return table;
    }
}
