using Npgsql;
using Telemetry.Timescale.Migrations;

namespace Telemetry.Timescale.Tests.Dashboards;

/// <summary>
/// A migrated throw-away database holding a small fleet whose figures are known by
/// construction, shared by the dashboard tests of one class. Two ports of two chargers on two
/// sites over two hours of 2025-03-01 UTC: CP-A1 port 1 up the whole time, CP-B1 port 1 up half of
/// every minute (so the fleet is 75% available and SITE-B 50%); one outage closed and one open,
/// one signal raised and cleared and one still raised, one incident open and one resolved.
/// </summary>
public abstract class DashboardDatabase : IAsyncLifetime
{
    /// <summary>The dashboard time range the queries run with: it contains the seeded day.</summary>
    public static readonly DateTimeOffset From = new(2025, 2, 15, 0, 0, 0, TimeSpan.Zero);

    public static readonly DateTimeOffset To = new(2025, 3, 15, 0, 0, 0, TimeSpan.Zero);

    private const string Seed =
        """
        INSERT INTO inventory (cp, site) VALUES ('CP-A1', 'SITE-A'), ('CP-B1', 'SITE-B');
        SELECT telemetry_ensure_partitions('connector_minute', '2025-03-01 00:00+00', '2025-03-01 02:00+00');
        SELECT telemetry_ensure_partitions('charger_minute', '2025-03-01 00:00+00', '2025-03-01 02:00+00');
        INSERT INTO connector_minute (minute, cp, port, up_ms, down_ms, offline_ms, unknown_ms)
        SELECT timestamptz '2025-03-01 00:00:00+00' + i * INTERVAL '1 minute', c.cp, 1, c.up, 60000 - c.up, 0, 0
        FROM generate_series(0, 119) AS i, (VALUES ('CP-A1', 60000), ('CP-B1', 30000)) AS c(cp, up);
        INSERT INTO charger_minute (minute, cp, up_ms, down_ms, offline_ms, unknown_ms)
        SELECT timestamptz '2025-03-01 00:00:00+00' + i * INTERVAL '1 minute', c.cp, c.up, 60000 - c.up, 0, 0
        FROM generate_series(0, 119) AS i, (VALUES ('CP-A1', 60000), ('CP-B1', 30000)) AS c(cp, up);
        SELECT telemetry_refresh_rollups('2025-03-01 00:00+00', '2025-03-01 01:59+00');
        INSERT INTO outages (cp, port, start_time, end_time, cause) VALUES
            ('CP-B1', 1, '2025-03-01 00:30+00', '2025-03-01 01:00+00', 'connector_fault'),
            ('CP-B1', 2, '2025-03-01 01:30+00', NULL, 'offline');
        INSERT INTO signals (ts, type, state, cp, port, scope, site) VALUES
            ('2025-03-01 00:10+00', 'comms.offline', 'raised', 'CP-A1', -1, 'charger', 'SITE-A'),
            ('2025-03-01 00:20+00', 'comms.offline', 'cleared', 'CP-A1', -1, 'charger', 'SITE-A'),
            ('2025-03-01 00:30+00', 'availability.outage', 'raised', 'CP-B1', 1, 'connector', 'SITE-B');
        INSERT INTO incidents (incident_id, opened_at, updated_at, resolved_at, status, scope, cause, recovery, owner, cp, site) VALUES
            ('inc-1', '2025-03-01 00:30+00', '2025-03-01 00:40+00', NULL, 'open', 'connector', 'connector_fault', 'remote_reset', 'field_service', 'CP-B1', 'SITE-B'),
            ('inc-2', '2025-03-01 00:10+00', '2025-03-01 00:20+00', '2025-03-01 00:20+00', 'resolved', 'charger', 'comms', NULL, 'network', 'CP-A1', 'SITE-A');
        """;

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        DataSource = await CreateAsync();
        await new MigrationRunner(DataSource).RunAsync();
        // One statement per command: the TimescaleDB test server runs each on its own.
        foreach (var statement in Seed.Split(";\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            await using var command = DataSource.CreateCommand(statement.TrimEnd(';'));
            await command.ExecuteNonQueryAsync();
        }
    }

    public abstract Task DisposeAsync();

    /// <summary>Creates the empty database and returns a data source for it.</summary>
    protected abstract Task<NpgsqlDataSource> CreateAsync();
}
