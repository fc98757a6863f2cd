using Npgsql;
using Telemetry.Testing;

namespace Telemetry.Timescale.Tests.Sink;

/// <summary>Reads the sink's tables back as comparable tuples, with each row's version (xmin).</summary>
internal static class StoredRows
{
    public static Task<List<(string Cp, short Port, DateTimeOffset Minute, int Up, int Down, int Offline, int Unknown, long Version)>> ConnectorMinutesAsync(ThrowawayDatabase db) =>
        ReadAsync(db, "SELECT cp, port, minute, up_ms, down_ms, offline_ms, unknown_ms, xmin::text::bigint FROM connector_minute ORDER BY cp, port, minute",
            r => (r.GetString(0), r.GetInt16(1), r.GetFieldValue<DateTimeOffset>(2), r.GetInt32(3), r.GetInt32(4), r.GetInt32(5), r.GetInt32(6), r.GetInt64(7)));

    public static Task<List<(string Cp, DateTimeOffset Minute, int Up, int Down, int Offline, int Unknown, long Version)>> ChargerMinutesAsync(ThrowawayDatabase db) =>
        ReadAsync(db, "SELECT cp, minute, up_ms, down_ms, offline_ms, unknown_ms, xmin::text::bigint FROM charger_minute ORDER BY cp, minute",
            r => (r.GetString(0), r.GetFieldValue<DateTimeOffset>(1), r.GetInt32(2), r.GetInt32(3), r.GetInt32(4), r.GetInt32(5), r.GetInt64(6)));

    public static Task<List<(string Cp, string Type, short Port, string State, DateTimeOffset Ts, string Scope, string? Site, string Evidence, long Version)>> SignalsAsync(ThrowawayDatabase db) =>
        ReadAsync(db, "SELECT cp, type, port, state, ts, scope, site, evidence::text, xmin::text::bigint FROM signals ORDER BY cp, type, port, state, ts",
            r => (r.GetString(0), r.GetString(1), r.GetInt16(2), r.GetString(3), r.GetFieldValue<DateTimeOffset>(4), r.GetString(5),
                  r.IsDBNull(6) ? null : r.GetString(6), r.GetString(7), r.GetInt64(8)));

    public static Task<List<(string Cp, short Port, DateTimeOffset Start, DateTimeOffset? End, string Cause, long Version)>> OutagesAsync(ThrowawayDatabase db) =>
        ReadAsync(db, "SELECT cp, port, start_time, end_time, cause, xmin::text::bigint FROM outages ORDER BY cp, port, start_time",
            r => (r.GetString(0), r.GetInt16(1), r.GetFieldValue<DateTimeOffset>(2), r.IsDBNull(3) ? (DateTimeOffset?)null : r.GetFieldValue<DateTimeOffset>(3), r.GetString(4), r.GetInt64(5)));

    public static Task<List<string>> SessionsAsync(ThrowawayDatabase db) =>
        ReadAsync(db,
            """
            SELECT concat_ws('|', cp, session_id, port, start_time, coalesce(end_time::text, '-'), coalesce(energy_kwh::text, '-'),
                   coalesce(peak_kw::text, '-'), coalesce(stop_reason, '-'), coalesce(auth_status, '-'), coalesce(auth_method, '-'),
                   array_to_string(error_codes, ','), coalesce(successful::text, '-'), xmin::text)
            FROM sessions ORDER BY cp, session_id, start_time
            """,
            r => r.GetString(0));

    public static Task<List<(string Topic, int Partition, long Next)>> OffsetsAsync(ThrowawayDatabase db, string group) =>
        ReadAsync(db, $"SELECT topic, partition, next_offset FROM consumer_offsets WHERE group_id = '{group}' ORDER BY topic, partition",
            r => (r.GetString(0), r.GetInt32(1), r.GetInt64(2)));

    public static async Task<List<T>> ReadAsync<T>(ThrowawayDatabase db, string sql, Func<NpgsqlDataReader, T> read)
    {
        var rows = new List<T>();
        await using var command = db.DataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
