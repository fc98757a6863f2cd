using Npgsql;
using Telemetry.Engine.Availability;
using Telemetry.Ocpp.Events;
using Telemetry.Timescale.Migrations;
using Telemetry.Timescale.Sink;

namespace Telemetry.Timescale.Tests.Sink;

/// <summary>
/// Hours closed by the sink as its chargers' minutes move on, and a late minute of a closed hour,
/// on each kind of database (<see cref="PostgresHourCloseTests"/>, <see cref="TimescaleHourCloseTests"/>):
/// the hour and day views equal the sums of the final minutes at every step. Where the engine keeps
/// the hour and day tables itself, each closed hour row is also written once, when its charger's
/// watermark passes it, and rewritten only by a minute written into it later.
/// </summary>
public abstract class HourCloseTests : IAsyncLifetime
{
    private const long MinuteMs = 60_000;
    private const long HourMs = 3_600_000;
    private const string Topic = "events";

    private readonly ChargerRegistry _registry = new();
    private readonly Dictionary<(int Charger, long MinuteMs), ConnectorRollup> _final = [];
    private NpgsqlDataSource _dataSource = null!;
    private ExactlyOnceSink _sink = null!;
    private long _offset;

    public async Task InitializeAsync()
    {
        _dataSource = await OpenAsync();
        await new MigrationRunner(_dataSource).RunAsync();
        _sink = new ExactlyOnceSink(_dataSource, "hours", _registry);
    }

    public Task DisposeAsync() => CloseAsync();

    /// <summary>A fresh, empty database.</summary>
    protected abstract Task<NpgsqlDataSource> OpenAsync();

    protected abstract Task CloseAsync();

    private static long Hour(int hour) => SinkRows.FirstMinuteMs + (hour * HourMs);

    [Fact]
    public async Task WriteAsync_ClosesEachHourOnceAndALateMinuteReclosesItsHour_WhenMinutesMoveOn()
    {
        var a = _registry.Intern("CP-A".AsSpan());
        var b = _registry.Intern("CP-B".AsSpan());
        var plain = !await ScalarAsync<bool>("SELECT continuous_aggregates FROM telemetry_storage");

        // Hour 0 in two batches: still open, nothing stored for it.
        await WriteAsync(Minutes([a, b], Hour(0), 0, 30, seed: 1));
        await WriteAsync(Minutes([a, b], Hour(0), 30, 60, seed: 2));
        await AssertViewsAsync();
        if (plain)
        {
            Assert.Empty(await HourRowsAsync());
            Assert.Equal([("CP-A", Hour(0)), ("CP-B", Hour(0))], await WatermarksAsync());
        }

        // Hour 1 begins: hour 0 closes for both chargers.
        await WriteAsync(Minutes([a, b], Hour(1), 0, 10, seed: 3));
        await AssertViewsAsync();
        var closed = plain ? await HourRowsAsync() : [];
        if (plain)
        {
            Assert.Equal([("CP-A", Hour(0)), ("CP-B", Hour(0))], closed.Select(r => (r.Cp, r.BucketMs)).ToList());
            Assert.Equal([("CP-A", Hour(1)), ("CP-B", Hour(1))], await WatermarksAsync());
        }

        // More of hour 1, then hour 2 for charger A only: A's hour 1 closes, hour 0 stays as stored.
        await WriteAsync(Minutes([a, b], Hour(1), 10, 60, seed: 4));
        await WriteAsync(Minutes([a], Hour(2), 0, 5, seed: 5));
        await AssertViewsAsync();
        if (plain)
        {
            var rows = await HourRowsAsync();
            Assert.Equal([("CP-A", Hour(0)), ("CP-A", Hour(1)), ("CP-B", Hour(0))], rows.Select(r => (r.Cp, r.BucketMs)).ToList());
            Assert.Equal(closed, rows.Where(r => r.BucketMs == Hour(0)).ToList());
            Assert.Equal([("CP-A", Hour(2)), ("CP-B", Hour(1))], await WatermarksAsync());
            closed = rows;
        }

        // A late minute of A's closed hour 0 (new values): that hour alone is recomputed, exactly;
        // the watermark does not move back.
        var late = new ConnectorRollup(Hour(0) + (7 * MinuteMs), a, 1, 1_000, 59_000, 4_000, 0);
        await WriteAsync([late]);
        await AssertViewsAsync();
        if (plain)
        {
            var rows = await HourRowsAsync();
            var reclosed = rows.Single(r => r is { Cp: "CP-A" } && r.BucketMs == Hour(0));
            Assert.NotEqual(closed.Single(r => r is { Cp: "CP-A" } && r.BucketMs == Hour(0)).Version, reclosed.Version);
            Assert.Equal(closed.Where(r => r != closed.Single(c => c is { Cp: "CP-A" } && c.BucketMs == Hour(0))), rows.Where(r => r != reclosed));
            Assert.Equal([("CP-A", Hour(2)), ("CP-B", Hour(1))], await WatermarksAsync());
            closed = rows;

            // The same minute again, with a later offset: nothing is rewritten.
            await WriteAsync([late]);
            Assert.Equal(closed, await HourRowsAsync());
        }
        else
        {
            Assert.Empty(await WatermarksAsync());
        }
    }

    private static List<ConnectorRollup> Minutes(int[] chargers, long hourMs, int from, int to, int seed)
    {
        var random = new Random(seed);
        var rows = new List<ConnectorRollup>();
        for (var minute = from; minute < to; minute++)
        {
            foreach (var charger in chargers)
            {
                var up = random.Next(0, 60_001);
                var down = random.Next(0, 60_001 - up);
                rows.Add(new ConnectorRollup(hourMs + (minute * MinuteMs), charger, 1, up, down, random.Next(0, down + 1), 60_000 - up - down));
            }
        }

        return rows;
    }

    private async Task WriteAsync(List<ConnectorRollup> rows)
    {
        var batch = new SinkBatch();
        batch.ConnectorRollups.AddRange(rows);
        batch.AdvanceOffset(Topic, 0, ++_offset);
        var result = await _sink.WriteAsync(batch);
        Assert.False(result.AlreadyApplied);
        foreach (var row in rows)
        {
            _final[(row.Charger, row.MinuteStartMs)] = row;
        }
    }

    private async Task AssertViewsAsync()
    {
        foreach (var (view, bucketMs) in new[] { ("connector_rollup_hour", HourMs), ("connector_rollup_day", 24 * HourMs) })
        {
            var expected = _final.Values
                .GroupBy(r => (Cp: _registry.NameOf(r.Charger), BucketMs: r.MinuteStartMs - (r.MinuteStartMs % bucketMs)))
                .Select(g => (g.Key.Cp, g.Key.BucketMs, g.Sum(r => (long)r.UpMs), g.Sum(r => (long)r.DownMs), g.Sum(r => (long)r.OfflineMs), g.Sum(r => (long)r.UnknownMs), (long)g.Count()))
                .OrderBy(r => r.Cp, StringComparer.Ordinal).ThenBy(r => r.BucketMs)
                .ToList();
            var stored = await ReadAsync(
                $"SELECT cp, bucket, up_ms, down_ms, offline_ms, unknown_ms, minutes FROM {view} ORDER BY cp COLLATE \"C\", bucket",
                r => (r.GetString(0), r.GetFieldValue<DateTimeOffset>(1).ToUnixTimeMilliseconds(), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5), r.GetInt64(6)));
            Assert.Equal(expected, stored);
        }
    }

    private Task<List<(string Cp, long BucketMs, long Up, long Down, long Minutes, string Version)>> HourRowsAsync() =>
        ReadAsync(
            "SELECT cp, bucket, up_ms, down_ms, minutes, xmin::text FROM connector_hour ORDER BY cp COLLATE \"C\", bucket",
            r => (r.GetString(0), r.GetFieldValue<DateTimeOffset>(1).ToUnixTimeMilliseconds(), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4), r.GetString(5)));

    private Task<List<(string Cp, long HourMs)>> WatermarksAsync() =>
        ReadAsync(
            "SELECT cp, closed_until FROM rollup_watermarks ORDER BY cp COLLATE \"C\"",
            r => (r.GetString(0), r.GetFieldValue<DateTimeOffset>(1).ToUnixTimeMilliseconds()));

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var command = _dataSource.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private async Task<List<T>> ReadAsync<T>(string sql, Func<NpgsqlDataReader, T> read)
    {
        await using var command = _dataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
