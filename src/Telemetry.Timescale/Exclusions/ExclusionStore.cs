using Npgsql;
using NpgsqlTypes;

namespace Telemetry.Timescale.Exclusions;

/// <summary>Adds, lists and removes rows of the <c>exclusions</c> table.</summary>
public sealed class ExclusionStore(NpgsqlDataSource dataSource)
{
    private const string InsertSql = """
        INSERT INTO exclusions (scope, cp, port, site, from_time, to_time, reason, note)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
        RETURNING id
        """;

    private const string ListSql = """
        SELECT id, scope, cp, port, site, from_time, to_time, reason, note
        FROM exclusions
        WHERE ($1::timestamptz IS NULL OR to_time > $1) AND ($2::timestamptz IS NULL OR from_time < $2)
        ORDER BY from_time, id
        """;

    private const string DeleteSql = "DELETE FROM exclusions WHERE id = $1";

    private readonly NpgsqlDataSource _dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));

    /// <summary>Stores <paramref name="exclusion"/>; returns its id.</summary>
    /// <exception cref="ArgumentException">The period is empty, the reason unknown, or the scope's fields do not match it.</exception>
    public async Task<long> AddAsync(Exclusion exclusion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(exclusion);
        Validate(exclusion);
        var command = _dataSource.CreateCommand(InsertSql);
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = exclusion.Scope, NpgsqlDbType = NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)exclusion.ChargePoint ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)exclusion.Port ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Smallint });
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)exclusion.Site ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = exclusion.From.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = exclusion.To.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = exclusion.Reason, NpgsqlDbType = NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)exclusion.Note ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }
    }

    /// <summary>Exclusions overlapping [<paramref name="from"/>, <paramref name="to"/>) (all when null), by start.</summary>
    public async Task<IReadOnlyList<Exclusion>> ListAsync(DateTimeOffset? from = null, DateTimeOffset? to = null, CancellationToken cancellationToken = default)
    {
        var exclusions = new List<Exclusion>();
        var command = _dataSource.CreateCommand(ListSql);
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)from?.UtcDateTime ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)to?.UtcDateTime ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    exclusions.Add(new Exclusion(
                        reader.GetInt64(0),
                        reader.GetString(1),
                        reader.IsDBNull(2) ? null : reader.GetString(2),
                        reader.IsDBNull(3) ? null : reader.GetInt16(3),
                        reader.IsDBNull(4) ? null : reader.GetString(4),
                        new DateTimeOffset(reader.GetDateTime(5), TimeSpan.Zero),
                        new DateTimeOffset(reader.GetDateTime(6), TimeSpan.Zero),
                        reader.GetString(7),
                        reader.IsDBNull(8) ? null : reader.GetString(8)));
                }
            }
        }

        return exclusions;
    }

    /// <summary>Deletes exclusion <paramref name="id"/>; false when there was none.</summary>
    public async Task<bool> RemoveAsync(long id, CancellationToken cancellationToken = default)
    {
        var command = _dataSource.CreateCommand(DeleteSql);
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = id, NpgsqlDbType = NpgsqlDbType.Bigint });
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        }
    }

    /// <summary>The table's checks, made before sending so the user gets a plain reason.</summary>
    private static void Validate(Exclusion exclusion)
    {
        if (exclusion.To <= exclusion.From)
        {
            throw new ArgumentException("--to must be after --from.");
        }

        ExclusionReasons.Parse(exclusion.Reason);
        var valid = exclusion.Scope switch
        {
            "port" => exclusion.ChargePoint is { Length: > 0 } && exclusion.Port is >= 0 && exclusion.Site is null,
            "charger" => exclusion.ChargePoint is { Length: > 0 } && exclusion.Port is null && exclusion.Site is null,
            "site" => exclusion.Site is { Length: > 0 } && exclusion.ChargePoint is null && exclusion.Port is null,
            _ => false,
        };
        if (!valid)
        {
            throw new ArgumentException("An exclusion needs exactly one of --port CP/PORT, --charger CP or --site S.");
        }
    }
}
