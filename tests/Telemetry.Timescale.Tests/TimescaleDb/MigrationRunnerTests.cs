using Telemetry.Testing;
using Telemetry.Timescale.Migrations;

namespace Telemetry.Timescale.Tests.TimescaleDb;

/// <summary>The embedded migrations on real TimescaleDB: the branch that makes hypertables.</summary>
public class MigrationRunnerTests : IAsyncLifetime
{
    private ThrowawayTimescale _db = null!;

    public async Task InitializeAsync() => _db = await ThrowawayTimescale.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task RunAsync_AppliesEveryEmbeddedMigration_OnTimescale()
    {
        var result = await new MigrationRunner(_db.DataSource).RunAsync();

        Assert.Equal(MigrationCatalog.Embedded.Select(m => (m.Version, m.Name)), result.Applied.Select(a => (a.Version, a.Name)));
        Assert.Equal(MigrationCatalog.Embedded[^1].Version, result.SchemaVersion);
        Assert.Equal((long)MigrationCatalog.Embedded.Count, await _db.ScalarAsync<long>("SELECT count(*) FROM telemetry_schema_version"));
    }

    [Fact]
    public async Task RunAsync_MakesConnectorMinuteAHypertable_OnTimescale()
    {
        await new MigrationRunner(_db.DataSource).RunAsync();

        Assert.True(await _db.ScalarAsync<bool>(
            $"""
            SELECT EXISTS (SELECT 1 FROM timescaledb_information.hypertables
                           WHERE hypertable_schema = '{_db.Schema}' AND hypertable_name = 'connector_minute')
            """));
    }

    [Fact]
    public async Task RunAsync_LeavesPartmanAlone_OnTimescale()
    {
        await new MigrationRunner(_db.DataSource).RunAsync();

        // Hypertables chunk themselves: the registration does nothing, even when called again.
        Assert.Equal(0, await _db.ScalarAsync<int>("SELECT telemetry_register_partman()"));
        Assert.False(await _db.ScalarAsync<bool>("SELECT EXISTS (SELECT FROM pg_extension WHERE extname = 'pg_partman')"));
    }

    [Fact]
    public async Task RunAsync_AppliesNothing_OnSecondRunOnTimescale()
    {
        var runner = new MigrationRunner(_db.DataSource);
        var first = await runner.RunAsync();
        var recordedAfterFirst = await _db.ScalarAsync<string>("SELECT string_agg(version || ':' || applied_at, ',' ORDER BY version) FROM telemetry_schema_version");

        var second = await runner.RunAsync();

        Assert.NotEmpty(first.Applied);
        Assert.Empty(second.Applied);
        Assert.Equal(first.SchemaVersion, second.SchemaVersion);
        Assert.Equal(recordedAfterFirst, await _db.ScalarAsync<string>("SELECT string_agg(version || ':' || applied_at, ',' ORDER BY version) FROM telemetry_schema_version"));
    }

    [Fact]
    public async Task RunAsync_AppliesEachMigrationOnce_WhenRunnersStartTogetherOnTimescale()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => new MigrationRunner(_db.DataSource).RunAsync()));

        var applied = results.SelectMany(r => r.Applied).Select(a => a.Version).Order();
        Assert.Equal(MigrationCatalog.Embedded.Select(m => m.Version), applied);
    }
}
