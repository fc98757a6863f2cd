using Telemetry.Testing;

namespace Telemetry.Timescale.Tests.TimescaleDb;

/// <summary>How tests share the TimescaleDB test server: a schema each.</summary>
public class ThrowawayTimescaleTests : IAsyncLifetime
{
    private ThrowawayTimescale _db = null!;

    public async Task InitializeAsync() => _db = await ThrowawayTimescale.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

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
}
