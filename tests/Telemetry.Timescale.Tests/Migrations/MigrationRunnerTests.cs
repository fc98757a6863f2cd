using Npgsql;
using Telemetry.Timescale.Migrations;

using Telemetry.Testing;

namespace Telemetry.Timescale.Tests.Migrations;

public class MigrationRunnerTests : IAsyncLifetime
{
    private ThrowawayDatabase _db = null!;

    public async Task InitializeAsync() => _db = await ThrowawayDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task RunAsync_AppliesEveryEmbeddedMigration_OnEmptyDatabase()
    {
        var result = await new MigrationRunner(_db.DataSource).RunAsync();

        var expected = MigrationCatalog.Embedded.Select(m => (m.Version, m.Name)).ToList();
        Assert.Equal(expected, result.Applied.Select(a => (a.Version, a.Name)));
        Assert.Equal(expected[^1].Version, result.SchemaVersion);
        Assert.Equal(expected, await ReadVersionRowsAsync());
        Assert.True(await _db.ScalarAsync<bool>("SELECT to_regclass('connector_minute') IS NOT NULL"));
    }

    [Fact]
    public async Task RunAsync_AppliesNothing_OnSecondRun()
    {
        var runner = new MigrationRunner(_db.DataSource);
        var first = await runner.RunAsync();
        var rowsAfterFirst = await ReadVersionRowsWithTimesAsync();

        var second = await runner.RunAsync();

        Assert.Empty(second.Applied);
        Assert.Equal(first.SchemaVersion, second.SchemaVersion);
        Assert.Equal(rowsAfterFirst, await ReadVersionRowsWithTimesAsync());
    }

    [Fact]
    public async Task RunAsync_Throws_WhenDatabaseVersionIsAhead()
    {
        var runner = new MigrationRunner(_db.DataSource);
        await runner.RunAsync();
        var ahead = runner.KnownVersion + 1;
        await _db.ExecuteAsync($"INSERT INTO telemetry_schema_version (version, name) VALUES ({ahead}, 'from_the_future')");

        var error = await Assert.ThrowsAsync<SchemaVersionAheadException>(() => runner.RunAsync());

        Assert.Equal(ahead, error.DatabaseVersion);
        Assert.Equal(runner.KnownVersion, error.KnownVersion);
        Assert.Contains(ahead.ToString(), error.Message);
    }

    [Fact]
    public async Task RunAsync_AppliesNothing_WhenDatabaseVersionIsAhead()
    {
        var steps = new[] { new Migration(1, "first", "CREATE TABLE first_step (id int)") };
        await new MigrationRunner(_db.DataSource, steps).RunAsync();
        await _db.ExecuteAsync("INSERT INTO telemetry_schema_version (version, name) VALUES (3, 'third')");
        var newer = new[] { steps[0], new Migration(2, "second", "CREATE TABLE second_step (id int)") };

        await Assert.ThrowsAsync<SchemaVersionAheadException>(() => new MigrationRunner(_db.DataSource, newer).RunAsync());

        Assert.False(await _db.ScalarAsync<bool>("SELECT to_regclass('second_step') IS NOT NULL"));
    }

    [Fact]
    public async Task RunAsync_AppliesOnlyNewMigrations_WhenCodeKnowsMore()
    {
        var first = new Migration(1, "first", "CREATE TABLE first_step (id int)");
        var second = new Migration(2, "second", "CREATE TABLE second_step (id int); INSERT INTO first_step VALUES (2)");
        await new MigrationRunner(_db.DataSource, [first]).RunAsync();

        var result = await new MigrationRunner(_db.DataSource, [first, second]).RunAsync();

        Assert.Equal([new AppliedMigration(2, "second")], result.Applied);
        Assert.Equal(2, result.SchemaVersion);
        Assert.Equal(1L, await _db.ScalarAsync<long>("SELECT count(*) FROM first_step"));
    }

    [Fact]
    public async Task RunAsync_RollsBackFailingMigration_AndKeepsEarlierOnes()
    {
        var good = new Migration(1, "good", "CREATE TABLE good_step (id int)");
        var bad = new Migration(2, "bad", "CREATE TABLE bad_step (id int); SELECT 1 / 0");
        var runner = new MigrationRunner(_db.DataSource, [good, bad]);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => runner.RunAsync());

        Assert.Contains("002_bad", error.Message);
        Assert.IsType<PostgresException>(error.InnerException);
        Assert.Equal([(1, "good")], await ReadVersionRowsAsync());
        Assert.True(await _db.ScalarAsync<bool>("SELECT to_regclass('good_step') IS NOT NULL"));
        Assert.False(await _db.ScalarAsync<bool>("SELECT to_regclass('bad_step') IS NOT NULL"));
    }

    [Fact]
    public async Task RunAsync_AppliesEachMigrationOnce_WhenRunnersStartTogether()
    {
        var runners = Enumerable.Range(0, 4).Select(_ => new MigrationRunner(_db.DataSource).RunAsync());

        var results = await Task.WhenAll(runners);

        var applied = results.SelectMany(r => r.Applied).Select(a => a.Version).Order().ToList();
        Assert.Equal(MigrationCatalog.Embedded.Select(m => m.Version), applied);
        Assert.All(results, r => Assert.Equal(MigrationCatalog.Embedded[^1].Version, r.SchemaVersion));
    }

    [Fact]
    public async Task RunAsync_CreatesStorageThatMatchesTimescaleAvailability()
    {
        await new MigrationRunner(_db.DataSource).RunAsync();

        var timescaleLoadable = await _db.ScalarAsync<bool>(
            """
            SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb')
                   AND current_setting('shared_preload_libraries') LIKE '%timescaledb%'
            """);
        if (timescaleLoadable)
        {
            Assert.True(await _db.ScalarAsync<bool>(
                "SELECT EXISTS (SELECT 1 FROM timescaledb_information.hypertables WHERE hypertable_name = 'connector_minute')"));
            return;
        }

        Assert.False(await _db.ScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb')"));
        Assert.False(await _db.ScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'timescaledb_information')"));
        Assert.Equal("r", (await _db.ScalarAsync<char>("SELECT relkind FROM pg_class WHERE oid = 'connector_minute'::regclass")).ToString());
        Assert.False(await _db.ScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM pg_inherits WHERE inhparent = 'connector_minute'::regclass)"));
        Assert.Equal("brin", await _db.ScalarAsync<string>(
            """
            SELECT am.amname FROM pg_index i
            JOIN pg_class c ON c.oid = i.indexrelid
            JOIN pg_am am ON am.oid = c.relam
            WHERE i.indrelid = 'connector_minute'::regclass AND NOT i.indisprimary
            """));
    }

    private async Task<List<(int Version, string Name)>> ReadVersionRowsAsync()
    {
        var rows = new List<(int, string)>();
        await using var command = _db.DataSource.CreateCommand("SELECT version, name FROM telemetry_schema_version ORDER BY version");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetInt32(0), reader.GetString(1)));
        }

        return rows;
    }

    private async Task<List<(int Version, string Name, DateTime AppliedAt)>> ReadVersionRowsWithTimesAsync()
    {
        var rows = new List<(int, string, DateTime)>();
        await using var command = _db.DataSource.CreateCommand("SELECT version, name, applied_at FROM telemetry_schema_version ORDER BY version");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetInt32(0), reader.GetString(1), reader.GetDateTime(2)));
        }

        return rows;
    }
}
