using Npgsql;

namespace Telemetry.Testing;

/// <summary>
/// A database of its own on the PostgreSQL server that ops/test.sh starts, dropped on dispose.
/// </summary>
public sealed class ThrowawayDatabase : IAsyncDisposable
{
    public const string ServerVariable = "TELEMETRY_TEST_PG";

    // The harness's own connections carry this name so that fault injection can end the code
    // under test's connections without ending the ones the test then asks with.
    private const string HarnessApplicationName = "telemetry-test-harness";

    private readonly string _serverConnectionString;

    private ThrowawayDatabase(string serverConnectionString, string name, string connectionString)
    {
        _serverConnectionString = serverConnectionString;
        Name = name;
        ConnectionString = connectionString;
        DataSource = NpgsqlDataSource.Create(
            new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = HarnessApplicationName }.ConnectionString);
    }

    public string Name { get; }

    /// <summary>Connection string of this database, for code under test that opens its own connections.</summary>
    public string ConnectionString { get; }

    public NpgsqlDataSource DataSource { get; }

    public static async Task<ThrowawayDatabase> CreateAsync()
    {
        var server = Environment.GetEnvironmentVariable(ServerVariable);
        if (string.IsNullOrWhiteSpace(server))
        {
            throw new InvalidOperationException(
                $"{ServerVariable} is not set. Run the tests with ops/test.sh, which starts a throw-away PostgreSQL and sets it.");
        }

        var name = "telemetry_test_" + Guid.NewGuid().ToString("N");
        await using (var admin = NpgsqlDataSource.Create(server))
        await using (var create = admin.CreateCommand($"CREATE DATABASE {name}"))
        {
            await create.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(server) { Database = name };
        return new ThrowawayDatabase(server, name, builder.ConnectionString);
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The first column of every row <paramref name="sql"/> returns, as text.</summary>
    public async Task<List<string>> ReadStringsAsync(string sql)
    {
        var rows = new List<string>();
        await using var command = DataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    /// <summary>Terminates every backend of this database that the code under test opened; returns how many.</summary>
    public Task<long> TerminateClientBackendsAsync() =>
        ScalarAsync<long>(
            "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity " +
            $"WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name <> '{HarnessApplicationName}'");

    /// <summary>Terminates every backend of this database whose connection carries <paramref name="applicationName"/>; returns how many.</summary>
    public async Task<long> TerminateBackendsOfAsync(string applicationName)
    {
        await using var command = DataSource.CreateCommand(
            "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = applicationName });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// Makes this database refuse new connections (<c>ALLOW_CONNECTIONS false</c>) and terminates
    /// those the code under test holds; returns how many. Asked through the server's own database,
    /// so that the harness keeps a way back in (<see cref="AcceptConnectionsAsync"/>).
    /// </summary>
    public async Task<long> RefuseConnectionsAsync()
    {
        await using var admin = NpgsqlDataSource.Create(_serverConnectionString);
        await using (var refuse = admin.CreateCommand($"ALTER DATABASE {Name} WITH ALLOW_CONNECTIONS false"))
        {
            await refuse.ExecuteNonQueryAsync();
        }

        await using var terminate = admin.CreateCommand(
            "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity " +
            $"WHERE datname = '{Name}' AND application_name <> '{HarnessApplicationName}'");
        return (long)(await terminate.ExecuteScalarAsync())!;
    }

    /// <summary>Lets this database accept connections again after <see cref="RefuseConnectionsAsync"/>.</summary>
    public async Task AcceptConnectionsAsync()
    {
        await using var admin = NpgsqlDataSource.Create(_serverConnectionString);
        await using var accept = admin.CreateCommand($"ALTER DATABASE {Name} WITH ALLOW_CONNECTIONS true");
        await accept.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await using var admin = NpgsqlDataSource.Create(_serverConnectionString);
        await using var drop = admin.CreateCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
        await drop.ExecuteNonQueryAsync();
    }
}
