using Telemetry.Testing;
using Telemetry.Timescale.Migrations;

namespace Telemetry.Timescale.Tests.TimescaleDb;

/// <summary>
/// The TimescaleDB features the schema relies on, in plain SQL: hypertable, continuous aggregate,
/// and a refresh policy run by hand (the test server has no background scheduler).
/// </summary>
public class ContinuousAggregateTests : IAsyncLifetime
{
    private ThrowawayTimescale _db = null!;

    public async Task InitializeAsync()
    {
        _db = await ThrowawayTimescale.CreateAsync();
        // One statement per command: a continuous aggregate cannot be created inside the
        // implicit transaction Npgsql opens for a multi-statement command.
        await _db.ExecuteAsync("CREATE TABLE minutes (minute timestamptz NOT NULL, cp text NOT NULL, up_ms integer NOT NULL)");
        await _db.ExecuteAsync("SELECT create_hypertable('minutes', by_range('minute', INTERVAL '1 day'))");
        // Minutes 0..119 of 2025-03-01 for one charger, up_ms = 10 * minute index.
        await _db.ExecuteAsync(
            """
            INSERT INTO minutes
            SELECT timestamptz '2025-03-01 00:00:00+00' + i * INTERVAL '1 minute', 'CP-1', 10 * i
            FROM generate_series(0, 119) AS i
            """);
        await _db.ExecuteAsync(
            """
            CREATE MATERIALIZED VIEW minutes_hourly WITH (timescaledb.continuous) AS
            SELECT time_bucket(INTERVAL '1 hour', minute) AS hour, cp, sum(up_ms) AS up_ms, count(*) AS minutes
            FROM minutes GROUP BY 1, 2
            WITH NO DATA
            """);
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task RunJob_MaterializesHourlyRollup_WhenRefreshPolicyRuns()
    {
        var job = await _db.ScalarAsync<int>(
            """
            SELECT add_continuous_aggregate_policy('minutes_hourly',
                start_offset => NULL, end_offset => INTERVAL '1 hour', schedule_interval => INTERVAL '1 hour')
            """);
        var before = await _db.ScalarAsync<long>("SELECT count(*) FROM minutes_hourly");

        await _db.ExecuteAsync($"CALL run_job({job})");

        Assert.Equal(0L, before);
        // Hour 0: 10 * (0 + ... + 59) = 17,700; hour 1: 10 * (60 + ... + 119) = 53,700.
        Assert.Equal(
            "2025-03-01 00:00:00+00 CP-1 17700 60;2025-03-01 01:00:00+00 CP-1 53700 60",
            await _db.ScalarAsync<string>(
                """
                SELECT string_agg(to_char(hour AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') || '+00 ' || cp || ' ' || up_ms || ' ' || minutes, ';' ORDER BY hour)
                FROM minutes_hourly
                """));
    }

    [Fact]
    public async Task RefreshPolicy_IsRegisteredAsJob_ForTheAggregate()
    {
        var job = await _db.ScalarAsync<int>(
            "SELECT add_continuous_aggregate_policy('minutes_hourly', start_offset => NULL, end_offset => INTERVAL '1 hour', schedule_interval => INTERVAL '30 minutes')");

        Assert.Equal(
            "policy_refresh_continuous_aggregate 00:30:00",
            await _db.ScalarAsync<string>(
                $"SELECT proc_name || ' ' || schedule_interval::text FROM timescaledb_information.jobs WHERE job_id = {job}"));
    }

    [Fact]
    public async Task MigrationRunner_CreatesAggregateAndPolicies_InsideItsTransaction()
    {
        // What a schema migration on TimescaleDB does, in the transaction the runner gives each
        // one: an aggregate created WITH NO DATA (WITH DATA refuses a transaction block), and
        // refresh, compression and retention policies (Community licence features).
        var migration = new Migration(1, "readings", """
            CREATE TABLE readings (minute timestamptz NOT NULL, cp text NOT NULL, up_ms integer NOT NULL);
            SELECT create_hypertable('readings', by_range('minute', INTERVAL '1 day'));
            CREATE MATERIALIZED VIEW readings_daily WITH (timescaledb.continuous) AS
                SELECT time_bucket(INTERVAL '1 day', minute) AS day, cp, sum(up_ms) AS up_ms
                FROM readings GROUP BY 1, 2
                WITH NO DATA;
            SELECT add_continuous_aggregate_policy('readings_daily',
                start_offset => NULL, end_offset => INTERVAL '1 day', schedule_interval => INTERVAL '1 hour');
            ALTER TABLE readings SET (timescaledb.compress, timescaledb.compress_segmentby = 'cp');
            SELECT add_compression_policy('readings', INTERVAL '7 days');
            SELECT add_retention_policy('readings', INTERVAL '100 years');
            """);
        await new MigrationRunner(_db.DataSource, [migration]).RunAsync();
        await _db.ExecuteAsync(
            """
            INSERT INTO readings
            SELECT timestamptz '2025-03-01 00:00:00+00' + i * INTERVAL '1 hour', 'CP-2', 1000
            FROM generate_series(0, 47) AS i
            """);
        var compressJob = await _db.ScalarAsync<int>(
            $"SELECT job_id FROM timescaledb_information.jobs WHERE proc_name = 'policy_compression' AND hypertable_schema = '{_db.Schema}' AND hypertable_name = 'readings'");
        var refreshJob = await _db.ScalarAsync<int>(
            $"SELECT job_id FROM timescaledb_information.jobs WHERE proc_name = 'policy_refresh_continuous_aggregate' AND hypertable_schema = '{_db.Schema}' AND hypertable_name = 'readings_daily'");

        await _db.ExecuteAsync($"CALL run_job({refreshJob})");
        await _db.ExecuteAsync($"CALL run_job({compressJob})");

        // 24 hourly readings of 1,000 ms per day, on two days.
        Assert.Equal("24000;24000", await _db.ScalarAsync<string>("SELECT string_agg(up_ms::text, ';' ORDER BY day) FROM readings_daily"));
        Assert.Equal(2L, await _db.ScalarAsync<long>(
            $"SELECT count(*) FROM timescaledb_information.chunks WHERE hypertable_schema = '{_db.Schema}' AND hypertable_name = 'readings' AND is_compressed"));
        Assert.Equal(48L, await _db.ScalarAsync<long>("SELECT count(*) FROM readings"));
        Assert.Equal(1L, await _db.ScalarAsync<long>(
            $"SELECT count(*) FROM timescaledb_information.jobs WHERE proc_name = 'policy_retention' AND hypertable_schema = '{_db.Schema}' AND hypertable_name = 'readings'"));
    }
}
