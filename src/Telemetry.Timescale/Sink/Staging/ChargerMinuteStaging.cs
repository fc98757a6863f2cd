using Npgsql;
using NpgsqlTypes;

namespace Telemetry.Timescale.Sink.Staging;

/// <summary>Charger rollups into <c>charger_minute</c>.</summary>
internal sealed class ChargerMinuteStaging(Func<int, string> chargerName) : StagedTable<ChargerRollup>
{
    protected override string CreateStagingSql => """
        CREATE TEMPORARY TABLE charger_minute_stage (
            seq integer NOT NULL, minute timestamptz NOT NULL, cp text NOT NULL,
            up_ms integer NOT NULL, down_ms integer NOT NULL, offline_ms integer NOT NULL, unknown_ms integer NOT NULL
        ) ON COMMIT DROP
        """;

    protected override string CopySql =>
        "COPY charger_minute_stage (seq, minute, cp, up_ms, down_ms, offline_ms, unknown_ms) FROM STDIN (FORMAT BINARY)";

    protected override string MergeSql => """
        INSERT INTO charger_minute AS t (minute, cp, up_ms, down_ms, offline_ms, unknown_ms)
        SELECT DISTINCT ON (cp, minute) minute, cp, up_ms, down_ms, offline_ms, unknown_ms
        FROM charger_minute_stage ORDER BY cp, minute, seq DESC
        ON CONFLICT (cp, minute) DO UPDATE
        SET up_ms = EXCLUDED.up_ms, down_ms = EXCLUDED.down_ms,
            offline_ms = EXCLUDED.offline_ms, unknown_ms = EXCLUDED.unknown_ms
        WHERE (t.up_ms, t.down_ms, t.offline_ms, t.unknown_ms)
              IS DISTINCT FROM (EXCLUDED.up_ms, EXCLUDED.down_ms, EXCLUDED.offline_ms, EXCLUDED.unknown_ms)
        """;

    protected override async Task WriteColumnsAsync(NpgsqlBinaryImporter importer, ChargerRollup row, CancellationToken cancellationToken)
    {
        await importer.WriteAsync(DateTimeOffset.FromUnixTimeMilliseconds(row.MinuteStartMs), NpgsqlDbType.TimestampTz, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(chargerName(row.Charger), NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(row.UpMs, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(row.DownMs, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(row.OfflineMs, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(row.UnknownMs, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
    }
}
