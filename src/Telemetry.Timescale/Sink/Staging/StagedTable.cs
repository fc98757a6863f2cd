using Npgsql;

namespace Telemetry.Timescale.Sink.Staging;

/// <summary>
/// One target table written through a staging table: binary COPY into a temporary table that
/// lives as long as the transaction, then one upsert from it. The staging table carries each
/// row's position (<c>seq</c>) so the merge keeps the last row per key; the upsert's WHERE skips
/// rows stored already with the same values, so replaying a batch rewrites nothing.
/// </summary>
internal abstract class StagedTable<TRow>
{
    /// <summary><c>CREATE TEMPORARY TABLE … ON COMMIT DROP</c> with a leading <c>seq integer</c> column.</summary>
    protected abstract string CreateStagingSql { get; }

    /// <summary><c>COPY staging (seq, …) FROM STDIN (FORMAT BINARY)</c>.</summary>
    protected abstract string CopySql { get; }

    /// <summary>Upsert from the staging table into the target; returns rows inserted or changed.</summary>
    protected abstract string MergeSql { get; }

    /// <summary>Writes every column after <c>seq</c> of one row.</summary>
    protected abstract Task WriteColumnsAsync(NpgsqlBinaryImporter importer, TRow row, CancellationToken cancellationToken);

    /// <returns>Rows inserted or changed.</returns>
    public async Task<long> WriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<TRow> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return 0;
        }

        await SqlCommands.ExecuteAsync(connection, transaction, CreateStagingSql, cancellationToken).ConfigureAwait(false);

        // Disposing an importer that was not completed cancels the COPY, failing the transaction.
        var importer = await connection.BeginBinaryImportAsync(CopySql, cancellationToken).ConfigureAwait(false);
        await using (importer.ConfigureAwait(false))
        {
            for (var i = 0; i < rows.Count; i++)
            {
                await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(i, NpgsqlTypes.NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                await WriteColumnsAsync(importer, rows[i], cancellationToken).ConfigureAwait(false);
            }

            await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        return await SqlCommands.ExecuteAsync(connection, transaction, MergeSql, cancellationToken).ConfigureAwait(false);
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
