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
        Assert.False(await _db.ScalarAsync<bool>("SELECT timescale OR continuous_aggregates FROM telemetry_storage"));
        foreach (var table in new[] { "connector_minute", "charger_minute" })
        {
            // Range-partitioned on the minute, by day, with a BRIN index beside the key.
            Assert.Equal("p", (await _db.ScalarAsync<char>($"SELECT relkind FROM pg_class WHERE oid = '{table}'::regclass")).ToString());
            Assert.Equal("minute", await _db.ScalarAsync<string>(
                $"SELECT a.attname::text FROM pg_partitioned_table p JOIN pg_attribute a ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0] WHERE p.partrelid = '{table}'::regclass"));
            Assert.Equal("brin", await _db.ScalarAsync<string>(
                $"""
                SELECT am.amname::text FROM pg_index i
                JOIN pg_class c ON c.oid = i.indexrelid
                JOIN pg_am am ON am.oid = c.relam
                WHERE i.indrelid = '{table}'::regclass AND NOT i.indisprimary
                """));
        }

        foreach (var view in new[] { "connector_rollup_hour", "connector_rollup_day", "charger_rollup_hour", "charger_rollup_day", "port_uptime_month" })
        {
            Assert.Equal("v", (await _db.ScalarAsync<char>($"SELECT relkind FROM pg_class WHERE oid = '{view}'::regclass")).ToString());
        }
    }

    [Fact]
    public async Task RunAsync_CreatesEveryTable_OnEmptyDatabase()
    {
        await new MigrationRunner(_db.DataSource).RunAsync();

        string[] tables =
        [
            "connector_minute", "charger_minute", "sessions", "outages", "signals", "incidents", "incident_events", "commands",
            "inventory", "exclusions", "consumer_offsets", "detector_checkpoints", "telemetry_storage",
        ];
        foreach (var table in tables)
        {
            Assert.True(await _db.ScalarAsync<bool>($"SELECT to_regclass('{table}') IS NOT NULL"), table);
        }
    }

    [Fact]
    public async Task RunAsync_KeepsConnectorMinutes_WhenDatabaseWasAtFirstVersion()
    {
        await new MigrationRunner(_db.DataSource, [MigrationCatalog.Embedded[0]]).RunAsync();
        await _db.ExecuteAsync(
            """
            INSERT INTO connector_minute VALUES
                ('2025-03-01 23:59Z', 'CP-1', 1, 60000, 0, 0, 0),
                ('2025-03-02 00:00Z', 'CP-1', 1, 10000, 50000, 50000, 0),
                ('2025-03-05 12:00Z', 'CP-2', 2, 0, 0, 0, 60000)
            """);

        var result = await new MigrationRunner(_db.DataSource).RunAsync();

        Assert.Equal(MigrationCatalog.Embedded.Skip(1).Select(m => m.Version), result.Applied.Select(a => a.Version));
        Assert.Equal(
            ["CP-1|1|10000|50000|connector_minute_p20250302", "CP-1|1|60000|0|connector_minute_p20250301", "CP-2|2|0|0|connector_minute_p20250305"],
            await _db.ReadStringsAsync("SELECT concat_ws('|', cp, port, up_ms, down_ms, tableoid::regclass) FROM connector_minute ORDER BY 1"));
    }

    [Fact]
    public async Task RunAsync_Throws_WhenOlderBuildMeetsFullyMigratedDatabase()
    {
        await new MigrationRunner(_db.DataSource).RunAsync();
        var older = new MigrationRunner(_db.DataSource, [MigrationCatalog.Embedded[0]]);

        var error = await Assert.ThrowsAsync<SchemaVersionAheadException>(() => older.RunAsync());

        Assert.Equal(MigrationCatalog.Embedded[^1].Version, error.DatabaseVersion);
        Assert.Equal(MigrationCatalog.Embedded[0].Version, error.KnownVersion);
    }

    [Fact]
    public async Task RunAsync_CreatesReadOnlyReaderRole()
    {
        await new MigrationRunner(_db.DataSource).RunAsync();

        Assert.False(await _db.ScalarAsync<bool>("SELECT rolcanlogin FROM pg_roles WHERE rolname = 'telemetry_reader'"));
        foreach (var relation in new[] { "connector_minute", "sessions", "exclusions", "connector_rollup_day", "port_uptime_month" })
        {
            Assert.True(await _db.ScalarAsync<bool>($"SELECT has_table_privilege('telemetry_reader', '{relation}', 'SELECT')"), relation);
            Assert.False(await _db.ScalarAsync<bool>($"SELECT has_table_privilege('telemetry_reader', '{relation}', 'INSERT, UPDATE, DELETE')"), relation);
        }

        // Partitions created after the migration are readable too.
        await _db.ExecuteAsync("SELECT telemetry_ensure_partitions('connector_minute', '2025-01-01Z', '2025-01-01Z')");
        Assert.True(await _db.ScalarAsync<bool>("SELECT has_table_privilege('telemetry_reader', 'connector_minute_p20250101', 'SELECT')"));
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
