using System.Globalization;
using Npgsql;
using Telemetry.Ocpp.Events;
using Telemetry.Testing;
using Telemetry.Timescale.Migrations;
using Telemetry.Timescale.Sink;
using Telemetry.Timescale.Tests.Sink;

namespace Telemetry.Timescale.Tests.Schema;

/// <summary>
/// Migration 012 on the PostgreSQL of ops/test.sh, which installs Debian's
/// postgresql-15-partman: the day-partitioned tables under pg_partman beside the engine.
/// </summary>
public class PartmanRegistrationTests : IAsyncLifetime
{
    private const int PartmanVersion = 12;
    private const string DayFormat = "yyyyMMdd";
    private static readonly string[] s_dayTables = ["connector_minute", "charger_minute"];

    private ThrowawayDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _db = await ThrowawayDatabase.CreateAsync();
        Assert.True(
            await _db.ScalarAsync<bool>("SELECT EXISTS (SELECT FROM pg_available_extensions WHERE name = 'pg_partman')"),
            "pg_partman is not installable on the test server: ops/test.sh installs postgresql-15-partman.");
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Migrate_RegistersEveryDayPartitionedTable_WhenPartmanIsAvailable()
    {
        await new MigrationRunner(_db.DataSource).RunAsync();

        var partitioned = await _db.ReadStringsAsync(
            "SELECT format('%s.%s', n.nspname, c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'p' AND n.nspname = current_schema() ORDER BY 1");
        Assert.Equal(s_dayTables.Select(t => "public." + t).Order(StringComparer.Ordinal), partitioned);
        Assert.Equal(
            partitioned.Select(p => $"{p}|1 day|YYYYMMDD|4|t"),
            await _db.ReadStringsAsync(
                "SELECT concat_ws('|', parent_table, partition_interval, datetime_string, premake, infinite_time_partitions) FROM partman.part_config ORDER BY parent_table"));
    }

    [Fact]
    public async Task Migrate_NamesEveryPartitionByItsUtcDay_AndLeavesNoDefaultPartition()
    {
        await new MigrationRunner(_db.DataSource).RunAsync();

        foreach (var table in s_dayTables)
        {
            var children = await ReadChildrenAsync(table);

            // create_parent made the days around now; each one's name is its lower bound's UTC day.
            Assert.True(children.Count >= 8, $"{table}: {children.Count} partitions");
            Assert.All(children, c => Assert.Equal($"{table}_p{c.FromUtc.ToString(DayFormat, CultureInfo.InvariantCulture)}", c.Name));
            Assert.All(children, c => Assert.Equal(c.FromUtc.AddDays(1), c.ToUtc));
        }

        var refused = await Assert.ThrowsAsync<PostgresException>(() =>
            _db.ExecuteAsync("INSERT INTO charger_minute VALUES ('2031-01-01Z', 'CP', 60000, 0, 0, 0)"));
        Assert.Equal(PostgresErrorCodes.CheckViolation, refused.SqlState);
    }

    [Fact]
    public async Task RunMaintenance_CreatesPremadeDaysUnderEngineNames_WhenSessionIsNotUtc()
    {
        await new MigrationRunner(_db.DataSource).RunAsync();

        DateOnly today;
        await using (var connection = await _db.DataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            // West of UTC a day's start falls on the previous local date: named in the session's
            // zone, the partitions would take their neighbours' names and leave gaps.
            await ExecuteAsync(connection, "SET LOCAL timezone = 'America/Los_Angeles'");
            await ExecuteAsync(connection, "UPDATE partman.part_config SET premake = 7");
            await ExecuteAsync(connection, "SELECT partman.run_maintenance()");
            await using var now = new NpgsqlCommand("SELECT (now() AT TIME ZONE 'UTC')::date", connection);
            today = (DateOnly)(await now.ExecuteScalarAsync())!;
            await transaction.CommitAsync();
        }

        foreach (var table in s_dayTables)
        {
            var names = (await ReadChildrenAsync(table)).Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
            for (var day = today; day <= today.AddDays(7); day = day.AddDays(1))
            {
                Assert.Contains($"{table}_p{day.ToString(DayFormat, CultureInfo.InvariantCulture)}", names);
            }
        }

        for (var day = today; day <= today.AddDays(7); day = day.AddDays(1))
        {
            var noon = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " 12:00Z";
            Assert.Equal(
                $"charger_minute_p{day.ToString(DayFormat, CultureInfo.InvariantCulture)}",
                await _db.ScalarAsync<string>($"INSERT INTO charger_minute VALUES ('{noon}', 'CP', 60000, 0, 0, 0) RETURNING tableoid::regclass::text"));
        }
    }

    [Fact]
    public async Task EnsurePartitions_CreatesNothing_OnDaysPartmanCreated()
    {
        await new MigrationRunner(_db.DataSource).RunAsync();

        foreach (var table in s_dayTables)
        {
            var before = await ReadChildrenAsync(table);

            // create_parent made today ± 4 days (premake 4); ± 3 stays inside even past a midnight.
            Assert.Equal(0, await _db.ScalarAsync<int>($"SELECT telemetry_ensure_partitions('{table}', now() - interval '3 days', now() + interval '3 days')"));
            Assert.Equal(before, await ReadChildrenAsync(table));
        }
    }

    [Fact]
    public async Task Sink_WritesIntoDaysPartmanCreated_WithoutCreatingAnyPartition()
    {
        await new MigrationRunner(_db.DataSource).RunAsync();
        var day = (await _db.ScalarAsync<DateOnly>("SELECT (now() AT TIME ZONE 'UTC')::date")).AddDays(2);
        var dayName = day.ToString(DayFormat, CultureInfo.InvariantCulture);
        var connectorBefore = await ReadChildrenAsync("connector_minute");
        var chargerBefore = await ReadChildrenAsync("charger_minute");
        var registry = new ChargerRegistry();
        var batch = new SinkBatch();
        var firstMinuteMs = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds();
        batch.ConnectorRollups.AddRange(SinkRows.ConnectorRollups(registry, chargers: 5, ports: 2, minutes: 30, seed: 12, firstMinuteMs: firstMinuteMs));
        batch.ChargerRollups.AddRange(SinkRows.ChargerRollups(batch.ConnectorRollups));
        batch.AdvanceOffset("telemetry.events", 0, 100);

        // The batch's day and the day after it (PartitionDaysAhead) are partman's already.
        var result = await new ExactlyOnceSink(_db.DataSource, "detectors", registry).WriteAsync(batch);

        Assert.Equal(batch.RowCount, result.RowsChanged);
        Assert.Equal(connectorBefore, await ReadChildrenAsync("connector_minute"));
        Assert.Equal(chargerBefore, await ReadChildrenAsync("charger_minute"));
        Assert.Equal(
            [$"connector_minute_p{dayName}|{batch.ConnectorRollups.Count}"],
            await _db.ReadStringsAsync("SELECT concat_ws('|', tableoid::regclass, count(*)) FROM connector_minute GROUP BY tableoid"));
        Assert.Equal(
            [$"charger_minute_p{dayName}|{batch.ChargerRollups.Count}"],
            await _db.ReadStringsAsync("SELECT concat_ws('|', tableoid::regclass, count(*)) FROM charger_minute GROUP BY tableoid"));
    }

    [Fact]
    public async Task Migrate_KeepsEngineDaysAndRows_WhenTheyExistedBeforeRegistration()
    {
        await new MigrationRunner(_db.DataSource, MigrationCatalog.Embedded.Where(m => m.Version < PartmanVersion).ToList()).RunAsync();
        // Engine days overlapping the ones create_parent makes around now, and an old one.
        await _db.ExecuteAsync("SELECT telemetry_ensure_partitions('connector_minute', now() - interval '2 days', now() + interval '6 days')");
        await _db.ExecuteAsync("SELECT telemetry_ensure_partitions('connector_minute', '2025-03-01Z', '2025-03-01Z')");
        await _db.ExecuteAsync(
            """
            INSERT INTO connector_minute
            SELECT d + interval '12 hours', 'CP-1', 1, 60000, 0, 0, 0
            FROM generate_series(date_trunc('day', now() AT TIME ZONE 'UTC') - interval '2 days',
                                 date_trunc('day', now() AT TIME ZONE 'UTC') + interval '6 days', interval '1 day') AS d
            UNION ALL SELECT '2025-03-01 08:00Z', 'CP-2', 2, 0, 60000, 0, 0
            """);
        var rowsBefore = await _db.ReadStringsAsync("SELECT concat_ws('|', minute AT TIME ZONE 'UTC', cp, tableoid::regclass) FROM connector_minute ORDER BY 1");

        var result = await new MigrationRunner(_db.DataSource).RunAsync();

        Assert.Equal(MigrationCatalog.Embedded.Where(m => m.Version >= PartmanVersion).Select(m => m.Version), result.Applied.Select(a => a.Version));
        Assert.Equal(10, rowsBefore.Count);
        Assert.Equal(rowsBefore, await _db.ReadStringsAsync("SELECT concat_ws('|', minute AT TIME ZONE 'UTC', cp, tableoid::regclass) FROM connector_minute ORDER BY 1"));
        var children = await ReadChildrenAsync("connector_minute");
        Assert.All(children, c => Assert.Equal($"connector_minute_p{c.FromUtc.ToString(DayFormat, CultureInfo.InvariantCulture)}", c.Name));
        Assert.Equal(1L, await _db.ScalarAsync<long>("SELECT count(*) FROM partman.part_config WHERE parent_table = 'public.connector_minute'"));
    }

    [Fact]
    public async Task Migrate_LeavesPartitionsToTheEngine_WhenRoleMayNotCreatePartman()
    {
        var server = Environment.GetEnvironmentVariable(ThrowawayDatabase.ServerVariable)!;
        var role = "telemetry_test_" + Guid.NewGuid().ToString("N");
        await using var admin = NpgsqlDataSource.Create(server);
        await ExecuteAsync(admin, $"CREATE ROLE {role} LOGIN NOSUPERUSER");
        try
        {
            await _db.ExecuteAsync($"ALTER DATABASE {_db.Name} OWNER TO {role}");
            var builder = new NpgsqlConnectionStringBuilder(_db.ConnectionString) { Username = role, Pooling = false };
            await using var asRole = NpgsqlDataSource.Create(builder.ConnectionString);

            var result = await new MigrationRunner(asRole).RunAsync();

            Assert.Equal(MigrationCatalog.Embedded[^1].Version, result.SchemaVersion);
            Assert.False(await _db.ScalarAsync<bool>("SELECT EXISTS (SELECT FROM pg_extension WHERE extname = 'pg_partman')"));
            Assert.False(await _db.ScalarAsync<bool>("SELECT EXISTS (SELECT FROM pg_namespace WHERE nspname = 'partman')"));
            Assert.Empty(await ReadChildrenAsync("connector_minute"));

            var notices = new List<string>();
            await using var connection = await asRole.OpenConnectionAsync();
            connection.Notice += (_, e) => notices.Add(e.Notice.MessageText);
            await using (var register = new NpgsqlCommand("SELECT telemetry_register_partman()", connection))
            {
                Assert.Equal(0, (int)(await register.ExecuteScalarAsync())!);
            }

            Assert.Contains(notices, n => n.Contains("may not create it", StringComparison.Ordinal));
            await using var ensure = new NpgsqlCommand("SELECT telemetry_ensure_partitions('connector_minute', '2025-05-01Z', '2025-05-02Z')", connection);
            Assert.Equal(2, (int)(await ensure.ExecuteScalarAsync())!);
        }
        finally
        {
            // The role owns the database and its objects: they go first, with the database.
            await _db.DisposeAsync();
            await ExecuteAsync(admin, $"DROP ROLE {role}");
        }
    }

    private static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The partitions of <paramref name="table"/> with their bounds, by name.</summary>
    private async Task<List<(string Name, DateTime FromUtc, DateTime ToUtc)>> ReadChildrenAsync(string table)
    {
        var children = new List<(string, DateTime, DateTime)>();
        await using var command = _db.DataSource.CreateCommand(
            $"""
            SELECT c.relname::text,
                   (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'FROM \(''([^'']+)''\) TO \(''([^'']+)''\)'))[1]::timestamptz,
                   (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'FROM \(''([^'']+)''\) TO \(''([^'']+)''\)'))[2]::timestamptz
            FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = '{table}'::regclass
            ORDER BY 1
            """);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            // A default partition has no bounds: DateTime.MinValue makes any name check fail on it.
            children.Add((
                reader.GetString(0),
                reader.IsDBNull(1) ? DateTime.MinValue : reader.GetFieldValue<DateTime>(1),
                reader.IsDBNull(2) ? DateTime.MinValue : reader.GetFieldValue<DateTime>(2)));
        }

        return children;
    }
}
