using Npgsql;
using NpgsqlTypes;
using Telemetry.Testing;

namespace Telemetry.Cli.Tests.Correlation;

/// <summary>
/// The rows of <c>incident_events</c>, <c>incidents</c> and <c>commands</c> as of a release
/// point, as sorted "table: row" lines.
/// </summary>
/// <remarks>
/// Replay ends its input, the distributed correlator stops at the lowest released watermark
/// (see <see cref="CorrelateWorkerTests"/>). Every record dated before that point is compared;
/// the latest-state rows (<c>incidents</c>, and <c>commands</c> whose payload follows the
/// outcome) of incidents that replay still changed after it are left out on both sides: the
/// correlator has not seen those changes yet. Their history before the point is compared in
/// <c>incident_events</c>.
/// </remarks>
internal static class IncidentTables
{
    private const string EventsSql = """
        SELECT 'incident_events: ' || concat_ws('|', id, type, time, incident_id, scope, cause, recovery, owner, data::text)
        FROM incident_events WHERE time < $1
        """;

    private const string IncidentsSql = """
        SELECT 'incidents: ' || concat_ws('|', incident_id, opened_at, updated_at, resolved_at, status, scope, cause, recovery, owner, cp, site)
        FROM incidents WHERE incident_id <> ALL($2)
        """;

    private const string CommandsSql = """
        SELECT 'commands: ' || concat_ws('|', idempotency_key, time, cp, port, action, guardrail, incident_id, payload::text)
        FROM commands WHERE time < $1 AND (incident_id IS NULL OR incident_id <> ALL($2))
        """;

    /// <summary>The incidents with a record at or after <paramref name="untilMs"/> in <paramref name="db"/>.</summary>
    public static async Task<string[]> ChangedFromAsync(ThrowawayDatabase db, long untilMs)
    {
        await using var command = db.DataSource.CreateCommand("SELECT DISTINCT incident_id FROM incident_events WHERE time >= $1");
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = DateTimeOffset.FromUnixTimeMilliseconds(untilMs), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }

        return [.. ids];
    }

    /// <summary>The rows as of <paramref name="untilMs"/>, leaving out the latest state of <paramref name="changedLater"/>.</summary>
    public static async Task<List<string>> SnapshotAsync(ThrowawayDatabase db, long untilMs, string[] changedLater)
    {
        var rows = new List<string>();
        foreach (var sql in new[] { EventsSql, IncidentsSql, CommandsSql })
        {
            await using var command = db.DataSource.CreateCommand(sql);
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = DateTimeOffset.FromUnixTimeMilliseconds(untilMs), NpgsqlDbType = NpgsqlDbType.TimestampTz });
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = changedLater, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add(reader.GetString(0));
            }
        }

        rows.Sort(StringComparer.Ordinal);
        return rows;
    }
}
