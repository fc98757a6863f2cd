using System.Buffers;
using System.Text;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Telemetry.Decide.Recovery;
using Telemetry.Files.Incidents;

namespace Telemetry.Timescale.Sink.Staging;

/// <summary>
/// Command records into <c>commands</c>: one row per idempotency key, stamped with the time the
/// command was requested, whose <c>payload</c> is the key's latest record as <c>commands.jsonl</c>
/// carries it (written by the same code), so its status, recovered and held follow the outcome.
/// </summary>
internal sealed class CommandStaging : StagedTable<CommandRecord>
{
    private readonly ArrayBufferWriter<byte> _json = new(512);

    protected override string CreateStagingSql => """
        CREATE TEMPORARY TABLE commands_stage (
            seq integer NOT NULL, idempotency_key text NOT NULL, time timestamptz NOT NULL, cp text NOT NULL,
            port smallint, action text NOT NULL, guardrail text NOT NULL, incident_id text NOT NULL, doc jsonb NOT NULL
        ) ON COMMIT DROP
        """;

    protected override string CopySql =>
        "COPY commands_stage (seq, idempotency_key, time, cp, port, action, guardrail, incident_id, doc) FROM STDIN (FORMAT BINARY)";

    protected override string MergeSql => """
        INSERT INTO commands AS t (idempotency_key, time, cp, port, action, guardrail, incident_id, payload)
        SELECT DISTINCT ON (idempotency_key, time) idempotency_key, time, cp, port, action, guardrail, incident_id, doc
        FROM commands_stage ORDER BY idempotency_key, time, seq DESC
        ON CONFLICT (idempotency_key, time) DO UPDATE
        SET cp = EXCLUDED.cp, port = EXCLUDED.port, action = EXCLUDED.action, guardrail = EXCLUDED.guardrail,
            incident_id = EXCLUDED.incident_id, payload = EXCLUDED.payload
        WHERE (t.cp, t.port, t.action, t.guardrail, t.incident_id, t.payload)
              IS DISTINCT FROM (EXCLUDED.cp, EXCLUDED.port, EXCLUDED.action, EXCLUDED.guardrail, EXCLUDED.incident_id, EXCLUDED.payload)
        """;

    protected override async Task WriteColumnsAsync(NpgsqlBinaryImporter importer, CommandRecord row, CancellationToken cancellationToken)
    {
        await importer.WriteAsync(row.Key, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(DateTimeOffset.FromUnixTimeMilliseconds(row.RequestedMs), NpgsqlDbType.TimestampTz, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(row.ChargePoint, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        await WriteOrNullAsync(importer, row.Connector is { } connector ? (short)connector : (short?)null, NpgsqlDbType.Smallint, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(row.Action, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(row.Guardrail, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(row.Incident, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(ToJson(row), NpgsqlDbType.Jsonb, cancellationToken).ConfigureAwait(false);
    }

    private string ToJson(CommandRecord row)
    {
        _json.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(_json))
        {
            CommandJsonWriter.Write(writer, row);
        }

        return Encoding.UTF8.GetString(_json.WrittenSpan);
    }
}
