using System.Text;
using Npgsql;
using NpgsqlTypes;
using Telemetry.Engine.Availability;

namespace Telemetry.Bench.Sink;

/// <summary>
/// The baseline: rollup rows written the plain way, multi-row <c>INSERT … VALUES</c> statements
/// of <see cref="RowsPerStatement"/> rows, one transaction per batch, with no staging, no
/// conflict handling and no offsets. It only works on an empty table and is not exactly-once.
/// </summary>
public sealed class PlainInsertWriter
{
    /// <summary>Rows per statement: 7,000 parameters, well under PostgreSQL's 65,535.</summary>
    public const int RowsPerStatement = 1_000;

    private const int ColumnsPerRow = 7;

    private readonly NpgsqlDataSource _dataSource;
    private readonly Func<int, string> _chargerName;

    public PlainInsertWriter(NpgsqlDataSource dataSource, Func<int, string> chargerName)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(chargerName);
        _dataSource = dataSource;
        _chargerName = chargerName;
    }

    /// <summary>Inserts <paramref name="rows"/> in one transaction; returns how many were inserted.</summary>
    public async Task<long> WriteAsync(ReadOnlyMemory<ConnectorRollup> rows, CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                long inserted = 0;
                for (var start = 0; start < rows.Length; start += RowsPerStatement)
                {
                    var chunk = rows.Slice(start, Math.Min(RowsPerStatement, rows.Length - start));
                    inserted += await InsertAsync(connection, transaction, chunk, cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return inserted;
            }
        }
    }

    private async Task<int> InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, ReadOnlyMemory<ConnectorRollup> chunk, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand(InsertSql(chunk.Length), connection, transaction);
        await using (command.ConfigureAwait(false))
        {
            foreach (var row in chunk.Span)
            {
                command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = DateTimeOffset.FromUnixTimeMilliseconds(row.MinuteStartMs), NpgsqlDbType = NpgsqlDbType.TimestampTz });
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _chargerName(row.Charger), NpgsqlDbType = NpgsqlDbType.Text });
                command.Parameters.Add(new NpgsqlParameter<short> { TypedValue = (short)row.Port, NpgsqlDbType = NpgsqlDbType.Smallint });
                command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = row.UpMs, NpgsqlDbType = NpgsqlDbType.Integer });
                command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = row.DownMs, NpgsqlDbType = NpgsqlDbType.Integer });
                command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = row.OfflineMs, NpgsqlDbType = NpgsqlDbType.Integer });
                command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = row.UnknownMs, NpgsqlDbType = NpgsqlDbType.Integer });
            }

            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static string InsertSql(int rows)
    {
        var sql = new StringBuilder("INSERT INTO connector_minute (minute, cp, port, up_ms, down_ms, offline_ms, unknown_ms) VALUES ", rows * 40);
        var parameter = 1;
        for (var row = 0; row < rows; row++)
        {
            sql.Append(row == 0 ? "(" : ",(");
            for (var column = 0; column < ColumnsPerRow; column++)
            {
                sql.Append(column == 0 ? "$" : ",$").Append(parameter++);
            }

            sql.Append(')');
        }

        return sql.ToString();
    }
}
