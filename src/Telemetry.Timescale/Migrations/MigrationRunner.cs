using Npgsql;
using NpgsqlTypes;

namespace Telemetry.Timescale.Migrations;

/// <summary>
/// Brings a database up to the schema this build knows: applies each pending migration in its
/// own transaction and records it in <c>telemetry_schema_version</c>. Running it again is a
/// no-op; a database migrated by a newer build is refused with
/// <see cref="SchemaVersionAheadException"/>.
/// </summary>
/// <remarks>
/// Every transaction first takes a transaction-scoped advisory lock, so processes that start at
/// once migrate one after the other and each migration is applied exactly once.
/// </remarks>
public sealed class MigrationRunner
{
    /// <summary>Advisory lock key shared by every telemetry process migrating one database.</summary>
    private const long LockKey = 0x54454C454D_0001;

    private const string CreateVersionTableSql = """
        CREATE TABLE IF NOT EXISTS telemetry_schema_version (
            version     integer     PRIMARY KEY,
            name        text        NOT NULL,
            applied_at  timestamptz NOT NULL DEFAULT now()
        )
        """;

    private const string LockSql = "SELECT pg_advisory_xact_lock($1)";
    private const string MaxVersionSql = "SELECT coalesce(max(version), 0) FROM telemetry_schema_version";
    private const string IsAppliedSql = "SELECT EXISTS (SELECT 1 FROM telemetry_schema_version WHERE version = $1)";
    private const string RecordSql = "INSERT INTO telemetry_schema_version (version, name) VALUES ($1, $2)";

    private readonly NpgsqlDataSource _dataSource;
    private readonly IReadOnlyList<Migration> _migrations;

    /// <summary>A runner for the migrations embedded in this assembly.</summary>
    public MigrationRunner(NpgsqlDataSource dataSource)
        : this(dataSource, MigrationCatalog.Embedded)
    {
    }

    /// <summary>A runner for the given migrations, which must be in strictly ascending version order.</summary>
    public MigrationRunner(NpgsqlDataSource dataSource, IReadOnlyList<Migration> migrations)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(migrations);
        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version <= 0 || (i > 0 && migrations[i].Version <= migrations[i - 1].Version))
            {
                throw new ArgumentException("Migrations must have positive, strictly ascending versions.", nameof(migrations));
            }
        }

        _dataSource = dataSource;
        _migrations = migrations;
    }

    /// <summary>The highest version this runner knows, 0 when it has no migrations.</summary>
    public int KnownVersion => _migrations.Count == 0 ? 0 : _migrations[^1].Version;

    /// <summary>Applies every pending migration.</summary>
    /// <exception cref="SchemaVersionAheadException">The database has a version above <see cref="KnownVersion"/>.</exception>
    public async Task<MigrationResult> RunAsync(CancellationToken cancellationToken = default)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var databaseVersion = await PrepareAsync(connection, cancellationToken).ConfigureAwait(false);
            if (databaseVersion > KnownVersion)
            {
                throw new SchemaVersionAheadException(databaseVersion, KnownVersion);
            }

            var applied = new List<AppliedMigration>();
            foreach (var migration in _migrations)
            {
                if (await ApplyAsync(connection, migration, cancellationToken).ConfigureAwait(false))
                {
                    applied.Add(new AppliedMigration(migration.Version, migration.Name));
                }
            }

            // Every known migration is now recorded, by this run or by a concurrent one.
            return new MigrationResult(applied, KnownVersion);
        }
    }

    /// <summary>Creates the version table when missing and returns the database's version.</summary>
    private static async Task<int> PrepareAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            await LockAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            await SqlCommands.ExecuteAsync(connection, transaction, CreateVersionTableSql, cancellationToken).ConfigureAwait(false);

            var command = new NpgsqlCommand(MaxVersionSql, connection, transaction);
            await using (command.ConfigureAwait(false))
            {
                var version = (int)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return version;
            }
        }
    }

    /// <summary>Applies one migration unless it is recorded already; true when this call applied it.</summary>
    private static async Task<bool> ApplyAsync(NpgsqlConnection connection, Migration migration, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            await LockAsync(connection, transaction, cancellationToken).ConfigureAwait(false);

            // Checked under the lock: another process may have applied it since this one looked.
            var check = new NpgsqlCommand(IsAppliedSql, connection, transaction);
            await using (check.ConfigureAwait(false))
            {
                check.Parameters.Add(new NpgsqlParameter<int> { TypedValue = migration.Version, NpgsqlDbType = NpgsqlDbType.Integer });
                if ((bool)(await check.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
                {
                    return false;
                }
            }

            try
            {
                await SqlCommands.ExecuteAsync(connection, transaction, migration.Sql, cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException e)
            {
                throw new InvalidOperationException(
                    $"Migration {migration.Version:D3}_{migration.Name} failed and was rolled back: {e.MessageText}", e);
            }

            var record = new NpgsqlCommand(RecordSql, connection, transaction);
            await using (record.ConfigureAwait(false))
            {
                record.Parameters.Add(new NpgsqlParameter<int> { TypedValue = migration.Version, NpgsqlDbType = NpgsqlDbType.Integer });
                record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = migration.Name, NpgsqlDbType = NpgsqlDbType.Text });
                await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
    }

    private static async Task LockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand(LockSql, connection, transaction);
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = LockKey, NpgsqlDbType = NpgsqlDbType.Bigint });
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
