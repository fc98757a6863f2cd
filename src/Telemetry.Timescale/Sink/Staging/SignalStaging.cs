using System.Buffers;
using System.Text;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Telemetry.Engine.Signals;
using Telemetry.Files.Signals;

namespace Telemetry.Timescale.Sink.Staging;

/// <summary>
/// Signals into <c>signals</c>. Each is staged as its DESIGN §2.3 JSON object, written by the
/// same code as <c>signals.jsonl</c>, and the merge keeps its <c>evidence</c>, so the table and
/// the topic never disagree on a field name.
/// </summary>
internal sealed class SignalStaging : StagedTable<SignalRow>
{
    /// <summary>Stored for signals about no particular port: a key column cannot be null.</summary>
    public const short NoPort = -1;

    private readonly ArrayBufferWriter<byte> _json = new(512);

    protected override string CreateStagingSql => """
        CREATE TEMPORARY TABLE signals_stage (
            seq integer NOT NULL, ts timestamptz NOT NULL, type text NOT NULL, state text NOT NULL, cp text NOT NULL,
            port smallint NOT NULL, scope text NOT NULL, site text, doc jsonb NOT NULL
        ) ON COMMIT DROP
        """;

    protected override string CopySql =>
        "COPY signals_stage (seq, ts, type, state, cp, port, scope, site, doc) FROM STDIN (FORMAT BINARY)";

    protected override string MergeSql => """
        INSERT INTO signals AS t (ts, type, state, cp, port, scope, site, evidence)
        SELECT DISTINCT ON (cp, type, port, state, ts) ts, type, state, cp, port, scope, site, coalesce(doc -> 'evidence', '{}')
        FROM signals_stage ORDER BY cp, type, port, state, ts, seq DESC
        ON CONFLICT (cp, type, port, state, ts) DO UPDATE
        SET scope = EXCLUDED.scope, site = EXCLUDED.site, evidence = EXCLUDED.evidence
        WHERE (t.scope, t.site, t.evidence) IS DISTINCT FROM (EXCLUDED.scope, EXCLUDED.site, EXCLUDED.evidence)
        """;

    protected override async Task WriteColumnsAsync(NpgsqlBinaryImporter importer, SignalRow row, CancellationToken cancellationToken)
    {
        var signal = row.Signal;
        await importer.WriteAsync(DateTimeOffset.FromUnixTimeMilliseconds(signal.TimestampMs), NpgsqlDbType.TimestampTz, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(signal.Type, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(signal.State == SignalState.Raised ? "raised" : "cleared", NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(signal.ChargePoint, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(signal.Port is { } port ? (short)port : NoPort, NpgsqlDbType.Smallint, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(SignalJsonWriter.ScopeName(signal.Scope), NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        await WriteOrNullAsync(importer, row.Site, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(ToJson(row), NpgsqlDbType.Jsonb, cancellationToken).ConfigureAwait(false);
    }

    private string ToJson(SignalRow row)
    {
        _json.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(_json))
        {
            SignalJsonWriter.Write(writer, row.Signal, row.Site);
        }

        return Encoding.UTF8.GetString(_json.WrittenSpan);
    }
}
