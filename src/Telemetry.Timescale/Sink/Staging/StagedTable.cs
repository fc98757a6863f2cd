using Npgsql;

namespace Telemetry.Timescale.Sink.Staging;

/// <summary>
/// One target table written through a staging table: binary COPY into a temporary table that
/// lives as long as the transaction, then one upsert from it. The staging table carries each
/// row's position (<c>seq</c>) so the merge keeps the last row per key; the upsert's WHERE skips
/// rows stored already with the same values, so replaying a batch rewrites nothing.
/// </summary>
/// <remarks>
/// A table with <see cref="DirectCopySql"/> first tries to COPY the rows straight into the target,
/// inside a savepoint: rows seen for the first time (the usual case: the engine writes each minute
/// once) then skip the staging table, the sort and the upsert. A key stored already, or twice in
/// the batch, fails that COPY with a unique violation; the savepoint is rolled back and the rows
/// go through the staging table as before, with the same result. After such a fallback the next
/// <see cref="MergeAfterConflict"/> batches go straight to the staging table: a run of replayed
/// batches pays for one wasted COPY, not one each.
/// </remarks>
internal abstract class StagedTable<TRow>
{
    /// <summary><c>CREATE TEMPORARY TABLE … ON COMMIT DROP</c> with a leading <c>seq integer</c> column.</summary>
    protected abstract string CreateStagingSql { get; }

    /// <summary><c>COPY staging (seq, …) FROM STDIN (FORMAT BINARY)</c>.</summary>
    protected abstract string CopySql { get; }

    /// <summary>Upsert from the staging table into the target; returns rows inserted or changed.</summary>
    protected abstract string MergeSql { get; }

    /// <summary>Batches sent straight to the staging table after a direct COPY met a stored key.</summary>
    public const int MergeAfterConflict = 4;

    private const string UniqueViolation = "23505";
    private const string DirectSavepoint = "direct_copy";

    private int _mergesBeforeDirect;

    /// <summary>
    /// <c>COPY target (…) FROM STDIN (FORMAT BINARY)</c> with the columns <see cref="WriteColumnsAsync"/>
    /// writes, for targets whose unique key refuses a row already stored; null when every batch
    /// must be merged.
    /// </summary>
    protected virtual string? DirectCopySql => null;

    /// <summary>Writes every column after <c>seq</c> of one row.</summary>
    protected abstract Task WriteColumnsAsync(NpgsqlBinaryImporter importer, TRow row, CancellationToken cancellationToken);

    /// <returns>Rows inserted or changed.</returns>
    public async Task<long> WriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<TRow> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return 0;
        }

        if (DirectCopySql is { } directSql)
        {
            if (_mergesBeforeDirect > 0)
            {
                _mergesBeforeDirect--;
            }
            else if (await TryCopyDirectAsync(connection, transaction, directSql, rows, cancellationToken).ConfigureAwait(false) is { } copied)
            {
                return copied;
            }
            else
            {
                _mergesBeforeDirect = MergeAfterConflict;
            }
        }

        await SqlCommands.ExecuteAsync(connection, transaction, CreateStagingSql, cancellationToken).ConfigureAwait(false);
        await CopyAsync(connection, CopySql, rows, withSeq: true, cancellationToken).ConfigureAwait(false);
        return await SqlCommands.ExecuteAsync(connection, transaction, MergeSql, cancellationToken).ConfigureAwait(false);
    }

    /// <returns>Rows copied; null when a key was stored already or repeated (nothing of the COPY remains).</returns>
    private async Task<long?> TryCopyDirectAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string directSql, List<TRow> rows, CancellationToken cancellationToken)
    {
        await transaction.SaveAsync(DirectSavepoint, cancellationToken).ConfigureAwait(false);
        try
        {
            var copied = await CopyAsync(connection, directSql, rows, withSeq: false, cancellationToken).ConfigureAwait(false);
            await transaction.ReleaseAsync(DirectSavepoint, cancellationToken).ConfigureAwait(false);
            return (long)copied;
        }
        catch (PostgresException e) when (e.SqlState == UniqueViolation)
        {
            await transaction.RollbackAsync(DirectSavepoint, cancellationToken).ConfigureAwait(false);
            return null;
        }
    }

    private async Task<ulong> CopyAsync(NpgsqlConnection connection, string copySql, List<TRow> rows, bool withSeq, CancellationToken cancellationToken)
    {
        // Disposing an importer that was not completed cancels the COPY, failing the transaction.
        var importer = await connection.BeginBinaryImportAsync(copySql, cancellationToken).ConfigureAwait(false);
        await using (importer.ConfigureAwait(false))
        {
            for (var i = 0; i < rows.Count; i++)
            {
                await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                if (withSeq)
                {
                    await importer.WriteAsync(i, NpgsqlTypes.NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                }

                await WriteColumnsAsync(importer, rows[i], cancellationToken).ConfigureAwait(false);
            }

            return await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Writes a value or, when it is null, a NULL.</summary>
    protected static Task WriteOrNullAsync<T>(NpgsqlBinaryImporter importer, T? value, NpgsqlTypes.NpgsqlDbType type, CancellationToken cancellationToken)
        where T : struct
        => value is { } present
            ? importer.WriteAsync(present, type, cancellationToken)
            : importer.WriteNullAsync(cancellationToken);

    /// <summary>Writes a string or, when it is null, a NULL.</summary>
    protected static Task WriteOrNullAsync(NpgsqlBinaryImporter importer, string? value, CancellationToken cancellationToken)
        => value is not null
            ? importer.WriteAsync(value, NpgsqlTypes.NpgsqlDbType.Text, cancellationToken)
            : importer.WriteNullAsync(cancellationToken);
}
