using Npgsql;

namespace Telemetry.Testing;

/// <summary>
/// A schema of its own on the TimescaleDB test server that ops/test.sh starts
/// (ops/pglite-timescale), dropped with everything in it on dispose.
/// </summary>
/// <remarks>
/// That server is one PostgreSQL instance with one database, so tests cannot get a database each
/// as they do on PostgreSQL. They get a schema each instead: the connection string names it first
/// in <c>Search Path</c>, so unqualified tables land and are found there, followed by
/// <c>public</c>, where the timescaledb extension's functions live. The server puts each
/// connection's search_path in place whenever that connection takes its turn.
/// </remarks>
public sealed class ThrowawayTimescale : IAsyncDisposable
{
    public const string ServerVariable = "TELEMETRY_TEST_TSDB";

    // Shared by every test of a run: a data source loads the server's types on first use, which
    // the WASM server is slow at, and the schemas are made and dropped through it.
    private static readonly Lazy<NpgsqlDataSource> s_admin = new(() => NpgsqlDataSource.Create(ServerConnectionString()));

    private ThrowawayTimescale(string schema, string connectionString)
    {
        Schema = schema;
        ConnectionString = connectionString;
        DataSource = NpgsqlDataSource.Create(connectionString);
    }

    /// <summary>The schema that holds this test's objects.</summary>
    public string Schema { get; }

    /// <summary>Connection string whose search_path starts with <see cref="Schema"/>.</summary>
    public string ConnectionString { get; }

    public NpgsqlDataSource DataSource { get; }

    /// <summary>The server's connection string, as ops/test.sh exports it; throws when it is not set.</summary>
    public static string ServerConnectionString()
    {
        var server = Environment.GetEnvironmentVariable(ServerVariable);
        return string.IsNullOrWhiteSpace(server)
            ? throw new InvalidOperationException(
                $"{ServerVariable} is not set. Run the tests with ops/test.sh, which starts the TimescaleDB test server (ops/pglite-timescale) and sets it.")
            : server;
    }

    public static async Task<ThrowawayTimescale> CreateAsync()
    {
        var server = ServerConnectionString();
        var schema = "telemetry_test_" + Guid.NewGuid().ToString("N");
        await using (var create = s_admin.Value.CreateCommand($"CREATE SCHEMA {schema}"))
        {
            await create.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(server) { SearchPath = $"{schema},public" };
        return new ThrowawayTimescale(schema, builder.ConnectionString);
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

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await using var drop = s_admin.Value.CreateCommand($"DROP SCHEMA IF EXISTS {Schema} CASCADE");
        await drop.ExecuteNonQueryAsync();
    }
}
