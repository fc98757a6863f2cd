using Npgsql;
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
