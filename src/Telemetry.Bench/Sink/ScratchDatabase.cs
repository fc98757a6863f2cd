using Npgsql;
using NpgsqlTypes;
using Telemetry.Timescale;
using Telemetry.Timescale.Migrations;

namespace Telemetry.Bench.Sink;

/// <summary>
/// A migrated database of its own on the server a connection string names, dropped on dispose:
/// the benchmark writes and truncates freely without touching the named database's data.
/// </summary>
public sealed class ScratchDatabase : IAsyncDisposable
{
    private readonly string _serverConnectionString;

    private ScratchDatabase(string serverConnectionString, string name, NpgsqlDataSource dataSource)
    {
        _serverConnectionString = serverConnectionString;
        Name = name;
        DataSource = dataSource;
    }

    public string Name { get; }

    public NpgsqlDataSource DataSource { get; }

    /// <summary>Creates and migrates the database; the login needs CREATEDB.</summary>
    public static async Task<ScratchDatabase> CreateAsync(string serverConnectionString, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serverConnectionString);
        var name = "telemetry_bench_" + Guid.NewGuid().ToString("N");
        var admin = TimescaleDataSource.Create(new TimescaleOptions { ConnectionString = serverConnectionString });
        await using (admin.ConfigureAwait(false))
        {
            var create = admin.CreateCommand("CREATE DATABASE " + name);
            await using (create.ConfigureAwait(false))
            {
                await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        var builder = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = name };
        var dataSource = TimescaleDataSource.Create(new TimescaleOptions { ConnectionString = builder.ConnectionString });
        var scratch = new ScratchDatabase(serverConnectionString, name, dataSource);
        try
        {
            await new MigrationRunner(dataSource).RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await scratch.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return scratch;
    }

    /// <summary>Runs one statement without parameters.</summary>
    public async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        var command = DataSource.CreateCommand(sql);
        await using (command.ConfigureAwait(false))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Makes the sink skip its hour/day upkeep in this database, as it does on TimescaleDB with
    /// continuous aggregates, whose refresh policies run outside the sink's transactions: what is
    /// left is the exactly-once path itself (COPY, merge, offsets).
    /// </summary>
    public Task SkipHourDayUpkeepAsync(CancellationToken cancellationToken) =>
        ExecuteAsync("UPDATE telemetry_storage SET continuous_aggregates = TRUE", cancellationToken);

    /// <summary>Creates the day partitions of <paramref name="table"/> for the minutes given (nothing on hypertables).</summary>
    public async Task EnsurePartitionsAsync(string table, long firstMs, long lastMs, CancellationToken cancellationToken)
    {
        var command = DataSource.CreateCommand("SELECT telemetry_ensure_partitions($1::regclass, $2, $3)");
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = table, NpgsqlDbType = NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = DateTimeOffset.FromUnixTimeMilliseconds(firstMs), NpgsqlDbType = NpgsqlDbType.TimestampTz });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = DateTimeOffset.FromUnixTimeMilliseconds(lastMs), NpgsqlDbType = NpgsqlDbType.TimestampTz });
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync().ConfigureAwait(false);
        var admin = TimescaleDataSource.Create(new TimescaleOptions { ConnectionString = _serverConnectionString });
        await using (admin.ConfigureAwait(false))
        {
            var drop = admin.CreateCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
            await using (drop.ConfigureAwait(false))
            {
                await drop.ExecuteNonQueryAsync().ConfigureAwait(false);
            }
        }
    }
}
