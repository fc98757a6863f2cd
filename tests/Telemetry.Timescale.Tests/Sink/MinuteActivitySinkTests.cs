using Telemetry.Engine.Availability;
using Telemetry.Engine.Rollups;
using Telemetry.Ocpp.Events;
using Telemetry.Testing;
using Telemetry.Timescale.Migrations;
using Telemetry.Timescale.Sink;

namespace Telemetry.Timescale.Tests.Sink;

/// <summary>The activity and health columns of 005_minute_activity.sql through the exactly-once sink, on PostgreSQL.</summary>
public sealed class MinuteActivitySinkTests : IAsyncLifetime
{
    private const long FirstMinuteMs = 1_772_323_200_000;

    private readonly ChargerRegistry _registry = new();
    private ThrowawayDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _db = await ThrowawayDatabase.CreateAsync();
        await new MigrationRunner(_db.DataSource).RunAsync();
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task WriteAsync_StoresEveryActivityColumn_OfConnectorAndChargerMinutes()
    {
        var cp = _registry.Intern("CP-7".AsSpan());
        var batch = new SinkBatch();
        batch.ConnectorRollups.Add(new ConnectorRollup(FirstMinuteMs, cp, 1, 20_000, 10_000, 3_000, 0, 30_000, 2, 1, 1, 0, 640, 22_000, 1, 55));
        batch.ChargerRollups.Add(new ChargerMinute(FirstMinuteMs, cp, 60_000, 0, 0, 0, 0, 3, 2, 1, 1, 900, 22_000, 2, 1, 4, 5, 6, 55));
        batch.AdvanceOffset("telemetry.events", 0, 1);

        await new ExactlyOnceSink(_db.DataSource, "activity", _registry).WriteAsync(batch);

        var connector = Assert.Single(await StoredRows.ReadAsync(_db,
            """
            SELECT concat_ws('|', up_ms, down_ms, offline_ms, unknown_ms, excluded_ms, status_changes, sessions_started, sessions_succeeded,
                   sessions_failed, energy_wh, peak_power_w, alarms_raised, health) FROM connector_minute
            """,
            r => r.GetString(0)));
        Assert.Equal("20000|10000|3000|0|30000|2|1|1|0|640|22000|1|55", connector);
        var charger = Assert.Single(await StoredRows.ReadAsync(_db,
            """
            SELECT concat_ws('|', up_ms, down_ms, offline_ms, unknown_ms, excluded_ms, status_changes, sessions_started, sessions_succeeded,
                   sessions_failed, energy_wh, peak_power_w, alarms_raised, boots_planned, boots_unplanned, disconnects, unanswered_calls, health)
            FROM charger_minute
            """,
            r => r.GetString(0)));
        Assert.Equal("60000|0|0|0|0|3|2|1|1|900|22000|2|1|4|5|6|55", charger);
    }

    [Fact]
    public async Task WriteAsync_UpdatesOnlyTheChangedRow_WhenAMinuteComesBackWithNewActivity()
    {
        var cp = _registry.Intern("CP-8".AsSpan());
        var sink = new ExactlyOnceSink(_db.DataSource, "activity", _registry);
        var first = new SinkBatch();
        first.ConnectorRollups.Add(new ConnectorRollup(FirstMinuteMs, cp, 1, 60_000, 0, 0, 0, Health: 100));
        first.ConnectorRollups.Add(new ConnectorRollup(FirstMinuteMs + 60_000, cp, 1, 60_000, 0, 0, 0, Health: 100));
        await sink.WriteAsync(first);
        var again = new SinkBatch();
        again.ConnectorRollups.Add(new ConnectorRollup(FirstMinuteMs, cp, 1, 60_000, 0, 0, 0, Health: 100));
        again.ConnectorRollups.Add(new ConnectorRollup(FirstMinuteMs + 60_000, cp, 1, 60_000, 0, 0, 0, SessionsStarted: 1, Health: 100));

        var result = await sink.WriteAsync(again);

        Assert.Equal(1, result.RowsChanged);
        Assert.Equal(1L, await _db.ScalarAsync<long>("SELECT sum(sessions_started) FROM connector_minute"));
    }
}
