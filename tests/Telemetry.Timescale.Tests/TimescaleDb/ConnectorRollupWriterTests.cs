using Telemetry.Engine.Availability;
using Telemetry.Ocpp.Events;
using Telemetry.Testing;
using Telemetry.Timescale.Migrations;
using Telemetry.Timescale.Rollups;

namespace Telemetry.Timescale.Tests.TimescaleDb;

/// <summary>Binary COPY of rollups into the connector_minute hypertable on real TimescaleDB.</summary>
public class ConnectorRollupWriterTests : IAsyncLifetime
{
    private const long MinuteMs = 60_000;

    // 2025-03-01T00:00:00Z.
    private const long FirstMinuteMs = 1_740_787_200_000;

    // Every quarter hour for three days: the rows span three daily chunks at a small row count.
    private const int QuarterHoursInThreeDays = 3 * 24 * 4;

    private readonly ChargerRegistry _registry = new();
    private ThrowawayTimescale _db = null!;

    public async Task InitializeAsync()
    {
        _db = await ThrowawayTimescale.CreateAsync();
        await new MigrationRunner(_db.DataSource).RunAsync();
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task WriteAsync_StoresEveryRow_WhenCopiedIntoHypertable()
    {
        var rollups = MakeRollups(chargers: 4, ports: 2, minutes: QuarterHoursInThreeDays, strideMinutes: 15);
        var writer = new ConnectorRollupWriter(_db.DataSource, _registry);

        var written = await writer.WriteAsync(rollups);

        Assert.Equal(rollups.Length, written);
        var stored = await ReadAllAsync();
        Assert.Equal(rollups.Length, stored.Count);
        foreach (var rollup in rollups)
        {
            var key = (_registry.NameOf(rollup.Charger), (short)rollup.Port, DateTimeOffset.FromUnixTimeMilliseconds(rollup.MinuteStartMs));
            Assert.Equal((rollup.UpMs, rollup.DownMs, rollup.OfflineMs, rollup.UnknownMs), stored[key]);
        }

        Assert.Equal(3L, await _db.ScalarAsync<long>(
            $"SELECT count(*) FROM timescaledb_information.chunks WHERE hypertable_schema = '{_db.Schema}' AND hypertable_name = 'connector_minute'"));
    }

    [Fact]
    public async Task WriteAsync_ChangesNothing_WhenSameBatchIsWrittenTwice()
    {
        var rollups = MakeRollups(chargers: 3, ports: 1, minutes: 200);
        var writer = new ConnectorRollupWriter(_db.DataSource, _registry, rowsPerCopy: 250);
        await writer.WriteAsync(rollups);
        var before = await ReadAllAsync();

        var written = await writer.WriteAsync(rollups);

        Assert.Equal(0, written);
        Assert.Equal(before, await ReadAllAsync());
    }

    [Fact]
    public async Task WriteAsync_StoresNothing_WhenCallerTransactionRollsBack()
    {
        var rollups = MakeRollups(chargers: 2, ports: 2, minutes: 30);
        var writer = new ConnectorRollupWriter(_db.DataSource, _registry);
        await using (var connection = await _db.DataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            Assert.Equal(rollups.Length, await writer.WriteAsync(transaction, rollups));
            await transaction.RollbackAsync();
        }

        Assert.Equal(0L, await _db.ScalarAsync<long>("SELECT count(*) FROM connector_minute"));
    }

    /// <summary>Each (charger, port, minute) once, <paramref name="strideMinutes"/> apart; the split of each minute varies with its position.</summary>
    private ConnectorRollup[] MakeRollups(int chargers, int ports, int minutes, int strideMinutes = 1)
    {
        var rollups = new List<ConnectorRollup>(chargers * ports * minutes);
        for (var c = 0; c < chargers; c++)
        {
            var id = _registry.Intern($"CP-TSDB-{c:D3}".AsSpan());
            for (var p = 1; p <= ports; p++)
            {
                for (var m = 0; m < minutes; m++)
                {
                    var up = (m * 997 + c * 31 + p) % 60_001;
                    var down = 60_000 - up;
                    rollups.Add(new ConnectorRollup(FirstMinuteMs + (m * strideMinutes * MinuteMs), id, (ushort)p, up, down, down / 2, 0));
                }
            }
        }

        return [.. rollups];
    }

    private async Task<Dictionary<(string Cp, short Port, DateTimeOffset Minute), (int Up, int Down, int Offline, int Unknown)>> ReadAllAsync()
    {
        var rows = new Dictionary<(string, short, DateTimeOffset), (int, int, int, int)>();
        await using var command = _db.DataSource.CreateCommand(
            "SELECT cp, port, minute, up_ms, down_ms, offline_ms, unknown_ms FROM connector_minute");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(
                (reader.GetString(0), reader.GetInt16(1), reader.GetFieldValue<DateTimeOffset>(2)),
                (reader.GetInt32(3), reader.GetInt32(4), reader.GetInt32(5), reader.GetInt32(6)));
        }

        return rows;
    }
}
