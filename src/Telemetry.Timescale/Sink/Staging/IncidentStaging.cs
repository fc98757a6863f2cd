using System.Buffers;
using System.Text;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Telemetry.Decide.Incidents;
using Telemetry.Decide.Policy;
using Telemetry.Files.Incidents;

namespace Telemetry.Timescale.Sink.Staging;

/// <summary>
/// Incident records into <c>incident_events</c> (every CloudEvent, its <c>data</c> as
/// <c>incidents.jsonl</c> carries it, written by the same code) and <c>incidents</c> (the latest
/// state per incident). An incident keeps the <c>opened_at</c> it was first stored with; an
/// older record arriving later never overwrites a newer state.
/// </summary>
internal sealed class IncidentStaging : StagedTable<IncidentRecord>
{
    private const string TypePrefix = "uptime.incident.";

    private readonly ArrayBufferWriter<byte> _json = new(1024);

    protected override string CreateStagingSql => """
        CREATE TEMPORARY TABLE incidents_stage (
            seq integer NOT NULL, id text NOT NULL, type text NOT NULL, time timestamptz NOT NULL,
            incident_id text NOT NULL, status text NOT NULL, scope text NOT NULL, cause text NOT NULL,
            recovery text NOT NULL, owner text NOT NULL, cp text, site text, doc jsonb NOT NULL
        ) ON COMMIT DROP
        """;

    protected override string CopySql =>
        "COPY incidents_stage (seq, id, type, time, incident_id, status, scope, cause, recovery, owner, cp, site, doc) FROM STDIN (FORMAT BINARY)";

    // Two statements, one round trip: the events, then the latest state per incident.
    protected override string MergeSql => """
        INSERT INTO incident_events AS t (id, type, time, incident_id, scope, cause, recovery, owner, data)
        SELECT DISTINCT ON (id, time) id, type, time, incident_id, scope, cause, recovery, owner, doc -> 'data'
        FROM incidents_stage ORDER BY id, time, seq DESC
        ON CONFLICT (id, time) DO UPDATE
        SET type = EXCLUDED.type, incident_id = EXCLUDED.incident_id, scope = EXCLUDED.scope, cause = EXCLUDED.cause,
            recovery = EXCLUDED.recovery, owner = EXCLUDED.owner, data = EXCLUDED.data
        WHERE (t.type, t.incident_id, t.scope, t.cause, t.recovery, t.owner, t.data)
              IS DISTINCT FROM (EXCLUDED.type, EXCLUDED.incident_id, EXCLUDED.scope, EXCLUDED.cause, EXCLUDED.recovery, EXCLUDED.owner, EXCLUDED.data);
        INSERT INTO incidents AS t (incident_id, opened_at, updated_at, resolved_at, status, scope, cause, recovery, owner, cp, site)
        SELECT l.incident_id,
               coalesce((SELECT min(i.opened_at) FROM incidents i WHERE i.incident_id = l.incident_id), f.first_time),
               l.time, CASE WHEN l.status = 'resolved' THEN l.time END, l.status, l.scope, l.cause, l.recovery, l.owner, l.cp, l.site
        FROM (SELECT DISTINCT ON (incident_id) * FROM incidents_stage ORDER BY incident_id, seq DESC) l
        JOIN (SELECT incident_id, coalesce(min(time) FILTER (WHERE status = 'opened'), min(time)) AS first_time
              FROM incidents_stage GROUP BY incident_id) f USING (incident_id)
        ON CONFLICT (incident_id, opened_at) DO UPDATE
        SET updated_at = EXCLUDED.updated_at, resolved_at = EXCLUDED.resolved_at, status = EXCLUDED.status,
            scope = EXCLUDED.scope, cause = EXCLUDED.cause, recovery = EXCLUDED.recovery, owner = EXCLUDED.owner,
            cp = EXCLUDED.cp, site = EXCLUDED.site
        WHERE t.updated_at <= EXCLUDED.updated_at
          AND (t.updated_at, t.resolved_at, t.status, t.scope, t.cause, t.recovery, t.owner, t.cp, t.site)
              IS DISTINCT FROM (EXCLUDED.updated_at, EXCLUDED.resolved_at, EXCLUDED.status, EXCLUDED.scope, EXCLUDED.cause,
                                EXCLUDED.recovery, EXCLUDED.owner, EXCLUDED.cp, EXCLUDED.site)
        """;

    /// <summary>The incident's status as stored: the CloudEvents type without its prefix, e.g. <c>recovery_requested</c>.</summary>
    public static string StatusOf(IncidentState state) => IncidentJsonWriter.TypeOf(state)[TypePrefix.Length..];

    protected override async Task WriteColumnsAsync(NpgsqlBinaryImporter importer, IncidentRecord row, CancellationToken cancellationToken)
    {
        await importer.WriteAsync(row.EventId, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(IncidentJsonWriter.TypeOf(row.State), NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(DateTimeOffset.FromUnixTimeMilliseconds(row.TimestampMs), NpgsqlDbType.TimestampTz, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(row.Incident, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(StatusOf(row.State), NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(PolicyNames.Of(row.Scope), NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(PolicyNames.Of(row.Cause), NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(PolicyNames.Of(row.Recovery), NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(PolicyNames.Of(row.Owner), NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        await WriteOrNullAsync(importer, row.ChargePoint, cancellationToken).ConfigureAwait(false);
        await WriteOrNullAsync(importer, row.Site, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(ToJson(row), NpgsqlDbType.Jsonb, cancellationToken).ConfigureAwait(false);
    }

    private string ToJson(IncidentRecord row)
    {
        _json.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(_json))
        {
            IncidentJsonWriter.Write(writer, row);
        }

        return Encoding.UTF8.GetString(_json.WrittenSpan);
    }
}
