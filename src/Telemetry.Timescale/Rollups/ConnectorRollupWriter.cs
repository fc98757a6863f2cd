using Npgsql;
using NpgsqlTypes;
using Telemetry.Engine.Availability;
using Telemetry.Ocpp.Events;
using Telemetry.Timescale.Partitions;

namespace Telemetry.Timescale.Rollups;

/// <summary>
/// Writes 1-minute connector rollups into <c>connector_minute</c>: binary COPY into a temporary
/// staging table, then one upsert per COPY. Writing the same rollups again changes nothing, so a
/// batch replayed after a crash is harmless. On plain PostgreSQL the days' partitions are created
/// first, and the hour/day rollups kept after (<c>telemetry_keep_rollups</c>), in the same transaction. For exactly-once delivery with consumer offsets, see
/// <see cref="Sink.ExactlyOnceSink"/>.
/// </summary>
/// <remarks>
/// A batch must not hold the same (charger, port, minute) twice within one COPY: PostgreSQL
/// refuses to upsert one row twice in a statement. The engine emits each key once.
/// </remarks>
public sealed class ConnectorRollupWriter
{
    /// <summary>Default rows per COPY: bounds the staging table and the memory of one upsert.</summary>
    public const int DefaultRowsPerCopy = 50_000;

    // ON COMMIT DROP: the staging table lives only as long as the transaction that fills it, so a
    // pooled connection never carries it over; IF NOT EXISTS lets one transaction write twice.
    private const string CreateStagingSql = """
        CREATE TEMPORARY TABLE IF NOT EXISTS connector_minute_staging (
            minute      timestamptz NOT NULL,
            cp          text        NOT NULL,
            port        smallint    NOT NULL,
            up_ms       integer     NOT NULL,
            down_ms     integer     NOT NULL,
            offline_ms  integer     NOT NULL,
            unknown_ms  integer     NOT NULL
        ) ON COMMIT DROP
        """;

    private const string CopySql =
        "COPY connector_minute_staging (minute, cp, port, up_ms, down_ms, offline_ms, unknown_ms) FROM STDIN (FORMAT BINARY)";

    // Moving rows out with DELETE ... RETURNING empties the staging table for the next COPY. The
    // WHERE on the update skips identical rows, so a rewrite creates no new row versions.
    private const string MergeSql = """
        WITH staged AS (
            DELETE FROM connector_minute_staging
            RETURNING minute, cp, port, up_ms, down_ms, offline_ms, unknown_ms
        )
        INSERT INTO connector_minute AS t (minute, cp, port, up_ms, down_ms, offline_ms, unknown_ms)
        SELECT minute, cp, port, up_ms, down_ms, offline_ms, unknown_ms FROM staged
        ON CONFLICT (cp, port, minute) DO UPDATE
        SET up_ms = EXCLUDED.up_ms,
            down_ms = EXCLUDED.down_ms,
            offline_ms = EXCLUDED.offline_ms,
            unknown_ms = EXCLUDED.unknown_ms
        WHERE (t.up_ms, t.down_ms, t.offline_ms, t.unknown_ms)
              IS DISTINCT FROM (EXCLUDED.up_ms, EXCLUDED.down_ms, EXCLUDED.offline_ms, EXCLUDED.unknown_ms)
        """;

    private readonly NpgsqlDataSource _dataSource;
    private readonly Func<int, string> _chargerName;
    private readonly int _rowsPerCopy;

    /// <summary>A writer that names chargers through <paramref name="registry"/>.</summary>
    public ConnectorRollupWriter(NpgsqlDataSource dataSource, ChargerRegistry registry, int rowsPerCopy = DefaultRowsPerCopy)
        : this(dataSource, (registry ?? throw new ArgumentNullException(nameof(registry))).NameOf, rowsPerCopy)
    {
    }

    /// <summary>A writer that names chargers through <paramref name="chargerName"/> (interned id to charge point id).</summary>
    public ConnectorRollupWriter(NpgsqlDataSource dataSource, Func<int, string> chargerName, int rowsPerCopy = DefaultRowsPerCopy)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(chargerName);
        ArgumentOutOfRangeException.ThrowIfLessThan(rowsPerCopy, 1);
        _dataSource = dataSource;
        _chargerName = chargerName;
        _rowsPerCopy = rowsPerCopy;
    }

    /// <summary>Writes <paramref name="rollups"/> in one transaction of its own.</summary>
    /// <returns>Rows inserted or changed; rows already stored with the same values are not counted.</returns>
    public async Task<long> WriteAsync(ReadOnlyMemory<ConnectorRollup> rollups, CancellationToken cancellationToken = default)
    {
        if (rollups.IsEmpty)
        {
            return 0;
        }

        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var written = await WriteAsync(transaction, rollups, cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return written;
            }
        }
    }

    /// <summary>
    /// Writes <paramref name="rollups"/> inside the caller's <paramref name="transaction"/>, so they
    /// commit together with whatever else it holds (consumer offsets, for exactly-once delivery).
    /// </summary>
    /// <returns>Rows inserted or changed; rows already stored with the same values are not counted.</returns>
    public async Task<long> WriteAsync(NpgsqlTransaction transaction, ReadOnlyMemory<ConnectorRollup> rollups, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var connection = transaction.Connection
            ?? throw new ArgumentException("The transaction has already completed.", nameof(transaction));
        if (rollups.IsEmpty)
        {
            return 0;
        }

        ThrowIfPortTooLarge(rollups.Span);
        var (firstMs, lastMs) = MinuteRange(rollups.Span);
        await DayPartitions.EnsureAsync(connection, transaction, DayPartitions.ConnectorMinute, firstMs, lastMs, 0, cancellationToken).ConfigureAwait(false);
        await SqlCommands.ExecuteAsync(connection, transaction, CreateStagingSql, cancellationToken).ConfigureAwait(false);
        long written = 0;
        for (var start = 0; start < rollups.Length; start += _rowsPerCopy)
        {
            var chunk = rollups.Slice(start, Math.Min(_rowsPerCopy, rollups.Length - start));
            await CopyAsync(connection, chunk, cancellationToken).ConfigureAwait(false);
            written += await SqlCommands.ExecuteAsync(connection, transaction, MergeSql, cancellationToken).ConfigureAwait(false);
        }

        var hourDay = new HourDayRollups();
        foreach (ref readonly var rollup in rollups.Span)
        {
            hourDay.Touch(rollup.Charger, rollup.MinuteStartMs);
        }

        await hourDay.KeepAsync(connection, transaction, _chargerName, serialized: false, cancellationToken).ConfigureAwait(false);
        return written;
    }

    private async Task CopyAsync(NpgsqlConnection connection, ReadOnlyMemory<ConnectorRollup> chunk, CancellationToken cancellationToken)
    {
        // Disposing an importer that was not completed cancels the COPY, failing the transaction.
        var importer = await connection.BeginBinaryImportAsync(CopySql, cancellationToken).ConfigureAwait(false);
        await using (importer.ConfigureAwait(false))
        {
            for (var i = 0; i < chunk.Length; i++)
            {
                var rollup = chunk.Span[i];
                await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(DateTimeOffset.FromUnixTimeMilliseconds(rollup.MinuteStartMs), NpgsqlDbType.TimestampTz, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(_chargerName(rollup.Charger), NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync((short)rollup.Port, NpgsqlDbType.Smallint, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(rollup.UpMs, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(rollup.DownMs, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(rollup.OfflineMs, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(rollup.UnknownMs, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
            }

            await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static (long FirstMs, long LastMs) MinuteRange(ReadOnlySpan<ConnectorRollup> rollups)
    {
        var first = long.MaxValue;
        var last = long.MinValue;
        foreach (ref readonly var rollup in rollups)
        {
            first = Math.Min(first, rollup.MinuteStartMs);
            last = Math.Max(last, rollup.MinuteStartMs);
        }

        return (first, last);
    }

    /// <summary>Checked before anything is sent, so a bad batch leaves the transaction usable.</summary>
    private static void ThrowIfPortTooLarge(ReadOnlySpan<ConnectorRollup> rollups)
    {
        foreach (ref readonly var rollup in rollups)
        {
            if (rollup.Port > short.MaxValue)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(rollups), rollup.Port, $"Port {rollup.Port} does not fit the smallint port column.");
            }
        }
    }
}
