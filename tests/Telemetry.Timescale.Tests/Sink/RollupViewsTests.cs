using Telemetry.Engine.Availability;
using Telemetry.Engine.Rollups;
using Telemetry.Ocpp.Events;
using Telemetry.Testing;
using Telemetry.Timescale.Migrations;
using Telemetry.Timescale.Sink;

namespace Telemetry.Timescale.Tests.Sink;

/// <summary>The hour, day and month views against sums of the final minute values, computed here.</summary>
public class RollupViewsTests : IAsyncLifetime
{
    private const long HourMs = 3_600_000;
    private const long DayMs = 86_400_000;

    private readonly ChargerRegistry _registry = new();
    private ThrowawayDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _db = await ThrowawayDatabase.CreateAsync();
        await new MigrationRunner(_db.DataSource).RunAsync();
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Views_EqualSumsOfMinutes_AfterBatchesThatOverlapAndRewrite()
    {
        // Every 37th minute over about three days (end of February into March), so hours, days and
        // a month boundary are crossed; the second pass rewrites a third of the minutes.
        var start = SinkRows.FirstMinuteMs - (26 * HourMs);
        var first = SinkRows.ConnectorRollups(_registry, chargers: 4, ports: 2, minutes: 120, seed: 11, firstMinuteMs: start, minuteStep: 37);
        var rewrite = SinkRows.ConnectorRollups(_registry, chargers: 4, ports: 2, minutes: 120, seed: 12, firstMinuteMs: start, minuteStep: 37)
            .Where((_, i) => i % 3 == 0).ToList();
        var sink = new ExactlyOnceSink(_db.DataSource, "views", _registry);
        var chargerFinal = new Dictionary<(int Charger, long MinuteStartMs), ChargerMinute>();
        for (var i = 0; i < first.Count; i += 100)
        {
            var batch = new SinkBatch();
            batch.ConnectorRollups.AddRange(first.Skip(i).Take(100));
            batch.ChargerRollups.AddRange(SinkRows.ChargerRollups(batch.ConnectorRollups));
            await sink.WriteAsync(batch);
            Remember(batch.ChargerRollups);
        }

        var second = new SinkBatch();
        second.ConnectorRollups.AddRange(rewrite);
        second.ChargerRollups.AddRange(SinkRows.ChargerRollups(rewrite));
        await sink.WriteAsync(second);
        Remember(second.ChargerRollups);

        var final = first.ToDictionary(r => (r.Charger, r.Port, r.MinuteStartMs));
        foreach (var r in rewrite)
        {
            final[(r.Charger, r.Port, r.MinuteStartMs)] = r;
        }

        Assert.Equal(ExpectedConnector(final.Values, HourMs), await ReadAsync("SELECT cp, port, bucket, up_ms, down_ms, offline_ms, unknown_ms, minutes FROM connector_rollup_hour"));
        Assert.Equal(ExpectedConnector(final.Values, DayMs), await ReadAsync("SELECT cp, port, bucket, up_ms, down_ms, offline_ms, unknown_ms, minutes FROM connector_rollup_day"));
        Assert.Equal(ExpectedCharger(chargerFinal.Values, HourMs), await ReadAsync("SELECT cp, -1, bucket, up_ms, down_ms, offline_ms, unknown_ms, minutes FROM charger_rollup_hour"));
        Assert.Equal(ExpectedCharger(chargerFinal.Values, DayMs), await ReadAsync("SELECT cp, -1, bucket, up_ms, down_ms, offline_ms, unknown_ms, minutes FROM charger_rollup_day"));

        void Remember(List<ChargerMinute> written)
        {
            foreach (var r in written)
            {
                chargerFinal[(r.Charger, r.MinuteStartMs)] = r;
            }
        }

        var months = final.Values
            .GroupBy(r => (Cp: _registry.NameOf(r.Charger), r.Port, Month: MonthOf(r.MinuteStartMs)))
            .Select(g => (g.Key.Cp, (int)g.Key.Port, g.Key.Month, g.Sum(r => (long)r.UpMs), g.Sum(r => (long)r.DownMs), g.Sum(r => (long)r.OfflineMs), g.Sum(r => (long)r.UnknownMs), (long)g.Count()))
            .OrderBy(r => r.Cp, StringComparer.Ordinal).ThenBy(r => r.Item2).ThenBy(r => r.Month)
            .ToList();
        Assert.Equal(2, months.Select(m => m.Month).Distinct().Count());
        Assert.Equal(months, await ReadAsync("SELECT cp, port, month, up_ms, down_ms, offline_ms, unknown_ms, minutes FROM port_uptime_month"));
        var (up, down) = (months[0].Item4, months[0].Item5);
        Assert.Equal(Math.Round(100m * up / (up + down), 3), await _db.ScalarAsync<decimal>(
            $"SELECT availability_pct FROM port_uptime_month WHERE cp = '{months[0].Cp}' AND port = {months[0].Item2} AND month = '{months[0].Month:O}'"));
    }

    private List<(string Cp, int Port, DateTimeOffset Bucket, long Up, long Down, long Offline, long Unknown, long Minutes)> ExpectedConnector(IEnumerable<ConnectorRollup> minutes, long bucketMs) =>
        minutes
            .GroupBy(r => (Cp: _registry.NameOf(r.Charger), r.Port, Bucket: r.MinuteStartMs - (r.MinuteStartMs % bucketMs)))
            .Select(g => (g.Key.Cp, (int)g.Key.Port, DateTimeOffset.FromUnixTimeMilliseconds(g.Key.Bucket),
                          g.Sum(r => (long)r.UpMs), g.Sum(r => (long)r.DownMs), g.Sum(r => (long)r.OfflineMs), g.Sum(r => (long)r.UnknownMs), (long)g.Count()))
            .OrderBy(r => r.Cp, StringComparer.Ordinal).ThenBy(r => r.Item2).ThenBy(r => r.Item3)
            .ToList();

    private List<(string Cp, int Port, DateTimeOffset Bucket, long Up, long Down, long Offline, long Unknown, long Minutes)> ExpectedCharger(IEnumerable<ChargerMinute> minutes, long bucketMs) =>
        minutes
            .GroupBy(r => (Cp: _registry.NameOf(r.Charger), Bucket: r.MinuteStartMs - (r.MinuteStartMs % bucketMs)))
            .Select(g => (g.Key.Cp, -1, DateTimeOffset.FromUnixTimeMilliseconds(g.Key.Bucket),
                          g.Sum(r => (long)r.UpMs), g.Sum(r => (long)r.DownMs), g.Sum(r => (long)r.OfflineMs), g.Sum(r => (long)r.UnknownMs), (long)g.Count()))
            .OrderBy(r => r.Cp, StringComparer.Ordinal).ThenBy(r => r.Item3)
            .ToList();

    private static DateTimeOffset MonthOf(long ms)
    {
        var time = DateTimeOffset.FromUnixTimeMilliseconds(ms);
        return new DateTimeOffset(time.Year, time.Month, 1, 0, 0, 0, TimeSpan.Zero);
    }

    private async Task<List<(string Cp, int Port, DateTimeOffset Bucket, long Up, long Down, long Offline, long Unknown, long Minutes)>> ReadAsync(string sql)
    {
        var rows = await StoredRows.ReadAsync(_db, sql, r => (r.GetString(0), r.GetInt32(1), r.GetFieldValue<DateTimeOffset>(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5), r.GetInt64(6), r.GetInt64(7)));
        return rows.OrderBy(r => r.Item1, StringComparer.Ordinal).ThenBy(r => r.Item2).ThenBy(r => r.Item3).ToList();
    }
}
