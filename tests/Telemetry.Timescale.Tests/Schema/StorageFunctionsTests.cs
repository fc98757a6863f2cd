using Npgsql;
using Telemetry.Testing;
using Telemetry.Timescale.Migrations;

namespace Telemetry.Timescale.Tests.Schema;

public class StorageFunctionsTests : IAsyncLifetime
{
    private ThrowawayDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _db = await ThrowawayDatabase.CreateAsync();
        await new MigrationRunner(_db.DataSource).RunAsync();
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task EnsurePartitions_CreatesEachUtcDayOnce_WhenCalledAgain()
    {
        var first = await _db.ScalarAsync<int>("SELECT telemetry_ensure_partitions('charger_minute', '2025-06-30 22:00Z', '2025-07-02 01:00Z')");
        var again = await _db.ScalarAsync<int>("SELECT telemetry_ensure_partitions('charger_minute', '2025-07-01 00:00Z', '2025-07-03 00:00Z')");

        Assert.Equal(3, first);
        Assert.Equal(1, again);
        await _db.ExecuteAsync("INSERT INTO charger_minute VALUES ('2025-07-01 23:59:00Z', 'CP', 60000, 0, 0, 0)");
        Assert.Equal("charger_minute_p20250701", await _db.ScalarAsync<string>("SELECT tableoid::regclass::text FROM charger_minute"));
    }

    [Fact]
    public async Task EnsurePartitions_TakesTheDayAsCreated_WhenAnotherWriterCreatedItWhileItWaited()
    {
        const string Ensure = "SELECT telemetry_ensure_partitions('charger_minute', '2025-08-01 00:00Z', '2025-08-01 01:00Z')";
        await using var first = await _db.DataSource.OpenConnectionAsync();
        await using var second = await _db.DataSource.OpenConnectionAsync();
        await using var firstTransaction = await first.BeginTransactionAsync();
        Assert.Equal(1, await ScalarAsync(first, Ensure));

        // The second writer finds no partition, then waits for the first one's lock.
        await using var secondTransaction = await second.BeginTransactionAsync();
        var waiting = ScalarAsync(second, Ensure);
        await WaitForAdvisoryLockWaiterAsync();
        await firstTransaction.CommitAsync();

        Assert.Equal(0, await waiting);
        await secondTransaction.CommitAsync();
        Assert.Equal(1L, await _db.ScalarAsync<long>("SELECT count(*) FROM pg_class WHERE relname = 'charger_minute_p20250801'"));
    }

    [Fact]
    public async Task EnsurePartitions_DoesNothing_OnTableThatIsNotPartitioned()
    {
        Assert.Equal(0, await _db.ScalarAsync<int>("SELECT telemetry_ensure_partitions('sessions', '2025-01-01Z', '2025-01-09Z')"));
    }

    [Fact]
    public async Task ConnectorMinute_RefusesRow_WhenItsDayHasNoPartition()
    {
        var error = await Assert.ThrowsAsync<PostgresException>(() =>
            _db.ExecuteAsync("INSERT INTO connector_minute VALUES ('2031-01-01Z', 'CP', 1, 60000, 0, 0, 0)"));

        Assert.Equal(PostgresErrorCodes.CheckViolation, error.SqlState);
    }

    [Theory]
    [InlineData("'port', 'CP', 1, NULL, 'maintenance'")]
    [InlineData("'charger', 'CP', NULL, NULL, 'vandalism'")]
    [InlineData("'site', NULL, NULL, 'S1', 'hours'")]
    public async Task Exclusions_AcceptsRow_WhenScopeAndReasonAgree(string values)
    {
        await _db.ExecuteAsync($"INSERT INTO exclusions (scope, cp, port, site, reason, from_time, to_time) VALUES ({values}, '2025-01-01Z', '2025-01-02Z')");

        Assert.Equal(1L, await _db.ScalarAsync<long>("SELECT count(*) FROM exclusions"));
    }

    [Theory]
    [InlineData("'port', 'CP', NULL, NULL, 'maintenance', '2025-01-01Z', '2025-01-02Z'")]
    [InlineData("'site', 'CP', NULL, 'S1', 'utility', '2025-01-01Z', '2025-01-02Z'")]
    [InlineData("'charger', 'CP', NULL, NULL, 'weather', '2025-01-01Z', '2025-01-02Z'")]
    [InlineData("'charger', 'CP', NULL, NULL, 'disaster', '2025-01-02Z', '2025-01-01Z'")]
    public async Task Exclusions_RefusesRow_WhenScopeReasonOrPeriodIsWrong(string values)
    {
        var error = await Assert.ThrowsAsync<PostgresException>(() =>
            _db.ExecuteAsync($"INSERT INTO exclusions (scope, cp, port, site, reason, from_time, to_time) VALUES ({values})"));

        Assert.Equal(PostgresErrorCodes.CheckViolation, error.SqlState);
    }

    private static async Task<int> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (int)(await command.ExecuteScalarAsync())!;
    }

    private async Task WaitForAdvisoryLockWaiterAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await _db.ScalarAsync<long>("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted") == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the second writer never waited for the partition lock");
            await Task.Delay(20);
        }
    }
}
