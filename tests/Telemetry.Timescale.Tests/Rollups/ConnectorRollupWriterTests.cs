using Telemetry.Engine.Availability;
using Telemetry.Ocpp.Events;
using Telemetry.Timescale.Migrations;
using Telemetry.Timescale.Rollups;

using Telemetry.Testing;

namespace Telemetry.Timescale.Tests.Rollups;

public class ConnectorRollupWriterTests : IAsyncLifetime
{
    private const long MinuteMs = 60_000;

    // 2025-03-01T00:00:00Z: a fixed minute boundary, so runs are reproducible.
    private const long FirstMinuteMs = 1_740_787_200_000;

    private readonly ChargerRegistry _registry = new();
    private ThrowawayDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _db = await ThrowawayDatabase.CreateAsync();
        await new MigrationRunner(_db.DataSource).RunAsync();
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task WriteAsync_StoresEveryField_ForTenThousandRollups()
    {
        var rollups = MakeRollups(chargers: 50, ports: 2, minutes: 100, seed: 1);
        var writer = new ConnectorRollupWriter(_db.DataSource, _registry);

        var written = await writer.WriteAsync(rollups);

        Assert.Equal(10_000, rollups.Length);
        Assert.Equal(rollups.Length, written);
        AssertStored(rollups, await ReadAllAsync());
    }

    [Fact]
    public async Task WriteAsync_ChangesNothing_WhenSameBatchIsWrittenTwice()
    {
        var rollups = MakeRollups(chargers: 20, ports: 3, minutes: 30, seed: 2);
        var writer = new ConnectorRollupWriter(_db.DataSource, _registry);
        await writer.WriteAsync(rollups);
        var before = await ReadAllAsync();

        var written = await writer.WriteAsync(rollups);

        Assert.Equal(0, written);
        var after = await ReadAllAsync();
        Assert.Equal(before.Count, after.Count);
        // Same row versions (xmin): the second write did not even rewrite identical rows.
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task WriteAsync_UpdatesStoredRows_WhenRollupValuesChange()
    {
        var rollups = MakeRollups(chargers: 5, ports: 2, minutes: 10, seed: 3);
        var writer = new ConnectorRollupWriter(_db.DataSource, _registry);
        await writer.WriteAsync(rollups);
        var changed = rollups.ToArray();
        for (var i = 0; i < changed.Length; i += 4)
        {
            changed[i] = changed[i] with { UpMs = 0, DownMs = 60_000, OfflineMs = 60_000, UnknownMs = 0 };
        }

        var expectedChanges = changed.Zip(rollups).Count(p => p.First != p.Second);
        var written = await writer.WriteAsync(changed);

        Assert.True(expectedChanges > 0);
        Assert.Equal(expectedChanges, written);
        AssertStored(changed, await ReadAllAsync());
    }

    [Fact]
    public async Task WriteAsync_StoresWholeBatch_WhenBatchSpansSeveralCopies()
    {
        var rollups = MakeRollups(chargers: 7, ports: 1, minutes: 11, seed: 4);
        var writer = new ConnectorRollupWriter(_db.DataSource, _registry, rowsPerCopy: 10);

        var written = await writer.WriteAsync(rollups);

        Assert.Equal(rollups.Length, written);
        AssertStored(rollups, await ReadAllAsync());
    }

    [Fact]
    public async Task WriteAsync_KeepsLaterValue_WhenKeyRepeatsInALaterCopy()
    {
        var charger = _registry.Intern("CP-REPEAT".AsSpan());
        var earlier = new ConnectorRollup(FirstMinuteMs, charger, 1, 60_000, 0, 0, 0);
        var later = earlier with { UpMs = 15_000, DownMs = 45_000, OfflineMs = 45_000 };
        var writer = new ConnectorRollupWriter(_db.DataSource, _registry, rowsPerCopy: 1);

        await writer.WriteAsync(new[] { earlier, later });

        AssertStored([later], await ReadAllAsync());
    }

    [Fact]
    public async Task WriteAsync_UsesGivenChargerNames_WhenBuiltWithNameFunction()
    {
        var rollups = new[]
        {
            new ConnectorRollup(FirstMinuteMs, 7, 1, 60_000, 0, 0, 0),
            new ConnectorRollup(FirstMinuteMs, 9, 2, 0, 60_000, 0, 0),
        };
        var writer = new ConnectorRollupWriter(_db.DataSource, id => $"station-{id}");

        await writer.WriteAsync(rollups);

        var names = (await ReadAllAsync()).Select(r => r.Cp).Order().ToList();
        Assert.Equal(["station-7", "station-9"], names);
    }

    [Fact]
    public async Task WriteAsync_StoresNothing_WhenCallerTransactionRollsBack()
    {
        var rollups = MakeRollups(chargers: 3, ports: 2, minutes: 5, seed: 5);
        var writer = new ConnectorRollupWriter(_db.DataSource, _registry);
        await using (var connection = await _db.DataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            var written = await writer.WriteAsync(transaction, rollups);
            Assert.Equal(rollups.Length, written);
            await transaction.RollbackAsync();
        }

        Assert.Equal(0L, await _db.ScalarAsync<long>("SELECT count(*) FROM connector_minute"));
    }

    [Fact]
    public async Task WriteAsync_CommitsWithCallerWork_WhenCallerTransactionCommits()
    {
        var first = MakeRollups(chargers: 2, ports: 1, minutes: 3, seed: 6);
        var second = MakeRollups(chargers: 2, ports: 1, minutes: 3, seed: 7, firstMinuteMs: FirstMinuteMs + (10 * MinuteMs));
        var writer = new ConnectorRollupWriter(_db.DataSource, _registry);
        await _db.ExecuteAsync("CREATE TABLE consumer_offset (partition int PRIMARY KEY, next_offset bigint)");
        await using (var connection = await _db.DataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await writer.WriteAsync(transaction, first);
            await writer.WriteAsync(transaction, second);
            await using var offset = new Npgsql.NpgsqlCommand("INSERT INTO consumer_offset VALUES (0, 42)", connection, transaction);
            await offset.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
        }

        AssertStored([.. first, .. second], await ReadAllAsync());
        Assert.Equal(42L, await _db.ScalarAsync<long>("SELECT next_offset FROM consumer_offset"));
    }

    [Fact]
    public async Task WriteAsync_Throws_WhenPortDoesNotFitSmallint()
    {
        var charger = _registry.Intern("CP-WIDE".AsSpan());
        var rollups = new[]
        {
            new ConnectorRollup(FirstMinuteMs, charger, 1, 60_000, 0, 0, 0),
            new ConnectorRollup(FirstMinuteMs, charger, 40_000, 60_000, 0, 0, 0),
        };
        var writer = new ConnectorRollupWriter(_db.DataSource, _registry);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => writer.WriteAsync(rollups));

        Assert.Equal(0L, await _db.ScalarAsync<long>("SELECT count(*) FROM connector_minute"));
    }

    [Fact]
    public async Task WriteAsync_KeepsHourRollupsInStep_WithWrittenMinutes()
    {
        var rollups = MakeRollups(chargers: 3, ports: 2, minutes: 100, seed: 8);
        var rewritten = MakeRollups(chargers: 3, ports: 2, minutes: 100, seed: 9).Where((_, i) => i % 2 == 0).ToArray();
        var writer = new ConnectorRollupWriter(_db.DataSource, _registry);

        await writer.WriteAsync(rollups);
        await writer.WriteAsync(rewritten);

        var final = rollups.ToDictionary(r => (r.Charger, r.Port, r.MinuteStartMs));
        foreach (var r in rewritten)
        {
            final[(r.Charger, r.Port, r.MinuteStartMs)] = r;
        }

        var expected = final.Values
            .GroupBy(r => (Cp: _registry.NameOf(r.Charger), r.Port, Hour: r.MinuteStartMs - (r.MinuteStartMs % 3_600_000)))
            .Select(g => $"{g.Key.Cp}|{g.Key.Port}|{g.Key.Hour}|{g.Sum(r => (long)r.UpMs)}|{g.Sum(r => (long)r.DownMs)}|{g.Count()}")
            .Order(StringComparer.Ordinal)
            .ToList();
        await using var command = _db.DataSource.CreateCommand(
            "SELECT concat_ws('|', cp, port, (extract(epoch FROM bucket) * 1000)::bigint, up_ms, down_ms, minutes) FROM connector_rollup_hour");
        await using var reader = await command.ExecuteReaderAsync();
        var stored = new List<string>();
        while (await reader.ReadAsync())
        {
            stored.Add(reader.GetString(0));
        }

        Assert.Equal(2, expected.Select(e => e.Split('|')[2]).Distinct().Count());
        Assert.Equal(expected, stored.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Constructor_Throws_WhenRowsPerCopyIsNotPositive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConnectorRollupWriter(_db.DataSource, _registry, rowsPerCopy: 0));
    }

    /// <summary>Every (charger, port, minute) once, with a random split of the minute's 60,000 ms.</summary>
    private ConnectorRollup[] MakeRollups(int chargers, int ports, int minutes, int seed, long firstMinuteMs = FirstMinuteMs)
    {
        var random = new Random(seed);
        var rollups = new ConnectorRollup[chargers * ports * minutes];
        var i = 0;
        for (var c = 0; c < chargers; c++)
        {
            // Non-ASCII ids too: the text column must round-trip UTF-8.
            var id = _registry.Intern((c % 10 == 0 ? $"Ladesäule-{c:D4}" : $"CP-{seed}-{c:D4}").AsSpan());
            for (var p = 1; p <= ports; p++)
            {
                for (var m = 0; m < minutes; m++)
                {
                    var up = random.Next(0, 60_001);
                    var down = random.Next(0, 60_001 - up);
                    var offline = random.Next(0, down + 1);
                    rollups[i++] = new ConnectorRollup(
                        firstMinuteMs + (m * MinuteMs), id, (ushort)p, up, down, offline, 60_000 - up - down);
                }
            }
        }

        return rollups;
    }

    private void AssertStored(IReadOnlyList<ConnectorRollup> expected, List<StoredRow> stored)
    {
        Assert.Equal(expected.Count, stored.Count);
        var byKey = stored.ToDictionary(r => (r.Cp, r.Port, r.Minute));
        foreach (var rollup in expected)
        {
            var key = (_registry.NameOf(rollup.Charger), (short)rollup.Port, DateTimeOffset.FromUnixTimeMilliseconds(rollup.MinuteStartMs));
            Assert.True(byKey.TryGetValue(key, out var row), $"missing row {key}");
            Assert.Equal(
                (rollup.UpMs, rollup.DownMs, rollup.OfflineMs, rollup.UnknownMs),
                (row.UpMs, row.DownMs, row.OfflineMs, row.UnknownMs));
        }
    }

    private async Task<List<StoredRow>> ReadAllAsync()
    {
        var rows = new List<StoredRow>();
        await using var command = _db.DataSource.CreateCommand(
            """
            SELECT minute, cp, port, up_ms, down_ms, offline_ms, unknown_ms, xmin::text::bigint
            FROM connector_minute ORDER BY cp, port, minute
            """);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(new StoredRow(
                reader.GetFieldValue<DateTimeOffset>(0),
                reader.GetString(1),
                reader.GetInt16(2),
                reader.GetInt32(3),
                reader.GetInt32(4),
                reader.GetInt32(5),
                reader.GetInt32(6),
                reader.GetInt64(7)));
        }

        return rows;
    }

    private readonly record struct StoredRow(
        DateTimeOffset Minute, string Cp, short Port, int UpMs, int DownMs, int OfflineMs, int UnknownMs, long RowVersion);
}
