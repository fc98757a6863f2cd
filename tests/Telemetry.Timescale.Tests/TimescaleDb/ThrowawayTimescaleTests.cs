using Npgsql;
using Telemetry.Testing;

namespace Telemetry.Timescale.Tests.TimescaleDb;

/// <summary>The TimescaleDB test server through Npgsql: what it runs, and how tests share it.</summary>
public class ThrowawayTimescaleTests : IAsyncLifetime
{
    private ThrowawayTimescale _db = null!;

    public async Task InitializeAsync() => _db = await ThrowawayTimescale.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Server_RunsTimescale223_WhenQueriedThroughNpgsql()
    {
        var version = await _db.ScalarAsync<string>("SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'");

        Assert.StartsWith("2.23.", version);
    }

    [Fact]
    public async Task Server_RunsCommunityLicense_WhenQueriedThroughNpgsql()
    {
        Assert.Equal("timescale", await _db.ScalarAsync<string>("SELECT current_setting('timescaledb.license')"));
    }

    [Fact]
    public async Task CreateAsync_PutsOwnSchemaFirstInSearchPath()
    {
        await _db.ExecuteAsync("CREATE TABLE placed (id int)");

        Assert.Equal(_db.Schema, await _db.ScalarAsync<string>("SELECT current_schema()"));
        Assert.Equal(_db.Schema, await _db.ScalarAsync<string>("SELECT relnamespace::regnamespace::text FROM pg_class WHERE oid = 'placed'::regclass"));
    }

    [Fact]
    public async Task CreateAsync_KeepsTablesApart_WhenTwoTestsUseTheSameName()
    {
        await using var other = await ThrowawayTimescale.CreateAsync();
        await _db.ExecuteAsync("CREATE TABLE shared_name (id int); INSERT INTO shared_name VALUES (1)");
        await other.ExecuteAsync("CREATE TABLE shared_name (id int); INSERT INTO shared_name VALUES (2), (3)");

        Assert.Equal(1L, await _db.ScalarAsync<long>("SELECT count(*) FROM shared_name"));
        Assert.Equal(2L, await other.ScalarAsync<long>("SELECT count(*) FROM shared_name"));
    }

    [Fact]
    public async Task DisposeAsync_DropsTheSchema()
    {
        var disposed = await ThrowawayTimescale.CreateAsync();
        await disposed.ExecuteAsync("CREATE TABLE doomed (id int)");

        await disposed.DisposeAsync();

        Assert.False(await _db.ScalarAsync<bool>($"SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = '{disposed.Schema}')"));
    }

    [Fact]
    public async Task Server_RunsTransactionsOneAfterAnother_WhenConnectionsOverlap()
    {
        await _db.ExecuteAsync("CREATE TABLE counter (n int NOT NULL); INSERT INTO counter VALUES (0)");

        // Each transaction reads, then writes what it read plus one: interleaved, two would read
        // the same value and an increment would be lost.
        var increments = Enumerable.Range(0, 8).Select(async _ =>
        {
            await using var connection = await _db.DataSource.OpenConnectionAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await using var read = new NpgsqlCommand("SELECT n FROM counter", connection, transaction);
            var n = (int)(await read.ExecuteScalarAsync())!;
            await Task.Yield();
            await using var write = new NpgsqlCommand($"UPDATE counter SET n = {n + 1}", connection, transaction);
            await write.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
        });
        await Task.WhenAll(increments);

        Assert.Equal(8, await _db.ScalarAsync<int>("SELECT n FROM counter"));
    }

    [Fact]
    public async Task Server_KeepsSearchPath_AfterPooledConnectionIsReset()
    {
        // Npgsql resets a pooled connection with DISCARD ALL unless told not to; the instance's
        // boot search_path is pg_catalog, so the server must put the connection's own back.
        var builder = new NpgsqlConnectionStringBuilder(_db.ConnectionString) { NoResetOnClose = false };
        await using var resetting = NpgsqlDataSource.Create(builder.ConnectionString);
        await using (var first = await resetting.OpenConnectionAsync())
        await using (var command = new NpgsqlCommand("CREATE TABLE after_reset (id int)", first))
        {
            await command.ExecuteNonQueryAsync();
        }

        await using var second = await resetting.OpenConnectionAsync();
        await using var check = new NpgsqlCommand("SELECT current_schema(), count(*) FROM after_reset", second);
        await using var reader = await check.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(_db.Schema, reader.GetString(0));
        Assert.Equal(0L, reader.GetInt64(1));
    }

    [Fact]
    public async Task Server_FailsTheStatement_WhenCopyFromStdinIsNotAlone()
    {
        await _db.ExecuteAsync("CREATE TABLE copied (id int)");

        var error = await Assert.ThrowsAsync<PostgresException>(() => _db.ExecuteAsync("COPY copied FROM STDIN"));

        Assert.Contains("COPY FROM STDIN", error.MessageText);
        Assert.Equal(1, await _db.ScalarAsync<int>("SELECT 1"));
    }
}
