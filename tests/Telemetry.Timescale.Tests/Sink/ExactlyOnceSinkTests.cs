using System.Globalization;
using System.Text.Json;
using Npgsql;
using Telemetry.Engine.Availability;
using Telemetry.Engine.Signals;
using Telemetry.Ocpp.Events;
using Telemetry.Testing;
using Telemetry.Timescale.Migrations;
using Telemetry.Timescale.Sink;

namespace Telemetry.Timescale.Tests.Sink;

public class ExactlyOnceSinkTests : IAsyncLifetime
{
    private const string Group = "detectors";
    private const string Topic = "telemetry.events";

    private static readonly SinkOptions s_fastRetries = new()
    {
        RetryAttempts = 4,
        RetryBaseDelay = TimeSpan.FromMilliseconds(1),
        RetryMaxDelay = TimeSpan.FromMilliseconds(4),
    };

    private readonly ChargerRegistry _registry = new();
    private ThrowawayDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _db = await ThrowawayDatabase.CreateAsync();
        await new MigrationRunner(_db.DataSource).RunAsync();
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task WriteAsync_StoresEveryFieldOfEveryTable_WhenBatchHoldsEveryKind()
    {
        var batch = FullBatch(seed: 1);
        var sink = new ExactlyOnceSink(_db.DataSource, Group, _registry);

        var result = await sink.WriteAsync(batch);

        Assert.Equal(batch.RowCount, result.RowsChanged);
        Assert.Equal(1, result.Attempts);
        Assert.False(result.AlreadyApplied);
        await AssertStoredAsync(batch);
    }

    [Fact]
    public async Task WriteAsync_ChangesNothing_WhenSameBatchIsReplayed()
    {
        var batch = FullBatch(seed: 2);
        var sink = new ExactlyOnceSink(_db.DataSource, Group, _registry);
        await sink.WriteAsync(batch);
        var before = await SnapshotAsync();

        var replay = await sink.WriteAsync(batch);

        Assert.True(replay.AlreadyApplied);
        Assert.Equal(0, replay.RowsChanged);
        var after = await SnapshotAsync();
        Assert.Equal(before.Rows, after.Rows);
        Assert.Equal(before.Offsets, after.Offsets);
    }

    [Fact]
    public async Task WriteAsync_RewritesNoRow_WhenSameRowsComeWithLaterOffsets()
    {
        var batch = FullBatch(seed: 3);
        var sink = new ExactlyOnceSink(_db.DataSource, Group, _registry);
        await sink.WriteAsync(batch);
        var before = await SnapshotAsync();
        batch.AdvanceOffset(Topic, 0, 5_000);

        var again = await sink.WriteAsync(batch);

        Assert.False(again.AlreadyApplied);
        Assert.Equal(0, again.RowsChanged);
        var after = await SnapshotAsync();
        Assert.Equal(before.Rows, after.Rows);
        Assert.Contains((Topic, 0, 5_000L), after.Offsets.Select(o => (o.Topic, o.Partition, o.Next)));
    }

    [Fact]
    public async Task ReadOffsetsAsync_ReturnsOffsetsWritten_PerPartitionOfTopic()
    {
        var sink = new ExactlyOnceSink(_db.DataSource, Group, _registry);
        var first = new SinkBatch();
        first.AdvanceOffset(Topic, 0, 10);
        first.AdvanceOffset(Topic, 3, 7);
        first.AdvanceOffset("other.topic", 0, 99);
        var second = new SinkBatch();
        second.AdvanceOffset(Topic, 0, 25);
        second.AdvanceOffset(Topic, 0, 20);

        await sink.WriteAsync(first);
        await sink.WriteAsync(second);

        var offsets = await sink.ReadOffsetsAsync(Group, Topic);
        Assert.Equal(new Dictionary<int, long> { [0] = 25, [3] = 7 }, offsets);
        Assert.Empty(await sink.ReadOffsetsAsync("another-group", Topic));
    }

    [Fact]
    public async Task WriteAsync_KeepsLaterOffset_WhenOlderBatchIsWrittenAfterIt()
    {
        var sink = new ExactlyOnceSink(_db.DataSource, Group, _registry);
        var newer = new SinkBatch();
        newer.AdvanceOffset(Topic, 1, 500);
        var older = new SinkBatch();
        older.AdvanceOffset(Topic, 1, 300);

        await sink.WriteAsync(newer);
        var result = await sink.WriteAsync(older);

        Assert.True(result.AlreadyApplied);
        Assert.Equal(500, (await sink.ReadOffsetsAsync(Group, Topic))[1]);
    }

    [Fact]
    public async Task WriteAsync_RetriesWithoutDuplicateOrGap_WhenBackendIsTerminatedBeforeCommit()
    {
        var batch = FullBatch(seed: 4);
        var sink = new ExactlyOnceSink(_db.DataSource, Group, _registry, s_fastRetries);
        var terminations = 0;
        sink.BeforeCommit = async (connection, cancellationToken) =>
        {
            if (terminations++ == 0)
            {
                await TerminateAsync(connection.ProcessID);
            }
        };

        var result = await sink.WriteAsync(batch);

        Assert.Equal(2, result.Attempts);
        Assert.Equal(batch.RowCount, result.RowsChanged);
        await AssertStoredAsync(batch);
    }

    [Fact]
    public async Task WriteAsync_ThrowsAndCommitsNothing_WhenEveryTryIsTerminated()
    {
        var batch = FullBatch(seed: 5);
        var builder = new NpgsqlConnectionStringBuilder(_db.ConnectionString) { Password = "hunter2-secret" };
        await using var dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        var sink = new ExactlyOnceSink(dataSource, Group, _registry, s_fastRetries);
        var tries = 0;
        sink.BeforeCommit = async (connection, cancellationToken) =>
        {
            tries++;
            await TerminateAsync(connection.ProcessID);
        };

        var error = await Assert.ThrowsAsync<SinkUnavailableException>(() => sink.WriteAsync(batch));

        Assert.Equal(s_fastRetries.RetryAttempts, tries);
        Assert.Equal(s_fastRetries.RetryAttempts, error.Attempts);
        Assert.Contains(_db.Name, error.Message);
        Assert.DoesNotContain("hunter2-secret", error.ToString());
        Assert.Empty(await sink.ReadOffsetsAsync(Group, Topic));
        Assert.Equal(0L, await _db.ScalarAsync<long>(
            "SELECT (SELECT count(*) FROM connector_minute) + (SELECT count(*) FROM signals) + (SELECT count(*) FROM outages) + (SELECT count(*) FROM sessions)"));
    }

    [Fact]
    public async Task WriteAsync_DoesNotRetry_WhenFailureIsPermanent()
    {
        var batch = FullBatch(seed: 6);
        var sink = new ExactlyOnceSink(_db.DataSource, Group, _registry, s_fastRetries);
        var tries = 0;
        sink.BeforeCommit = async (connection, cancellationToken) =>
        {
            tries++;
            await using var command = new NpgsqlCommand("SELECT 1 / 0", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        };

        var error = await Assert.ThrowsAsync<PostgresException>(() => sink.WriteAsync(batch));

        Assert.Equal(PostgresErrorCodes.DivisionByZero, error.SqlState);
        Assert.Equal(1, tries);
        Assert.Equal(0L, await _db.ScalarAsync<long>("SELECT count(*) FROM connector_minute"));
    }

    [Fact]
    public async Task WriteAsync_CreatesDailyPartitionsAhead_ForTheDaysOfTheBatch()
    {
        // 2025-03-01 23:00 to 2025-03-02 00:59 UTC: two days, and one more ahead by default.
        var start = SinkRows.FirstMinuteMs + (23 * 60 * SinkRows.MinuteMs);
        var batch = new SinkBatch();
        batch.ConnectorRollups.AddRange(SinkRows.ConnectorRollups(_registry, chargers: 2, ports: 1, minutes: 120, seed: 7, firstMinuteMs: start));
        var sink = new ExactlyOnceSink(_db.DataSource, Group, _registry);
        string[] tables = ["connector_minute", "charger_minute"];
        // With pg_partman (012) the days around now exist from the start: only the new ones count.
        var before = new Dictionary<string, List<string>>();
        foreach (var table in tables)
        {
            before[table] = await PartitionsAsync(table);
        }

        await sink.WriteAsync(batch);

        string[] days = ["20250301", "20250302", "20250303"];
        foreach (var table in tables)
        {
            Assert.Equal(days.Select(d => $"{table}_p{d}"), (await PartitionsAsync(table)).Except(before[table]));
        }

        Assert.Equal(240L, await _db.ScalarAsync<long>("SELECT count(*) FROM connector_minute_p20250301 WHERE minute >= '2025-03-01 23:00Z'")
            + await _db.ScalarAsync<long>("SELECT count(*) FROM connector_minute_p20250302"));
    }

    [Fact]
    public async Task WriteAsync_KeepsLastRowPerKey_WhenBatchRepeatsAKey()
    {
        var opened = new Outage("CP-0001", 1, SinkRows.FirstMinuteMs, null, "faulted");
        var closed = opened with { EndMs = SinkRows.FirstMinuteMs + 300_000, Cause = "offline" };
        var charger = _registry.Intern("CP-0001".AsSpan());
        var earlier = new ConnectorRollup(SinkRows.FirstMinuteMs, charger, 1, 60_000, 0, 0, 0);
        var later = earlier with { UpMs = 10_000, DownMs = 50_000, OfflineMs = 50_000 };
        var batch = new SinkBatch();
        batch.Outages.AddRange([opened, closed]);
        batch.ConnectorRollups.AddRange([earlier, later]);
        var sink = new ExactlyOnceSink(_db.DataSource, Group, _registry);

        await sink.WriteAsync(batch);

        var outage = Assert.Single(await StoredRows.OutagesAsync(_db));
        Assert.Equal((DateTimeOffset?)DateTimeOffset.FromUnixTimeMilliseconds(closed.EndMs!.Value), outage.End);
        Assert.Equal("offline", outage.Cause);
        var minute = Assert.Single(await StoredRows.ConnectorMinutesAsync(_db));
        Assert.Equal((10_000, 50_000, 50_000, 0), (minute.Up, minute.Down, minute.Offline, minute.Unknown));
    }

    [Fact]
    public async Task WriteAsync_Throws_WhenPortDoesNotFitSmallint()
    {
        var batch = new SinkBatch();
        batch.Outages.Add(new Outage("CP-WIDE", 40_000, SinkRows.FirstMinuteMs, null, "faulted"));
        batch.AdvanceOffset(Topic, 0, 1);
        var sink = new ExactlyOnceSink(_db.DataSource, Group, _registry);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => sink.WriteAsync(batch));

        Assert.Empty(await sink.ReadOffsetsAsync(Group, Topic));
    }

    [Fact]
    public async Task WriteAsync_GivesSameTables_WhenRestartedFromStoredOffsetsAfterLosingBatches()
    {
        // A stream of records, one rollup each; the consumer batches 7 at a time. Run 1 writes
        // everything; run 2 "crashes" after three batches (the fourth is built, never written),
        // restarts from the stored offset, and finishes.
        var records = SinkRows.ConnectorRollups(_registry, chargers: 3, ports: 2, minutes: 10, seed: 8);
        await using var other = await ThrowawayDatabase.CreateAsync();
        await new MigrationRunner(other.DataSource).RunAsync();

        await ConsumeAsync(new ExactlyOnceSink(other.DataSource, Group, _registry), records, stopAfterBatches: int.MaxValue);
        var crashed = new ExactlyOnceSink(_db.DataSource, Group, _registry);
        await ConsumeAsync(crashed, records, stopAfterBatches: 3);
        var resumedAt = (await crashed.ReadOffsetsAsync(Group, Topic))[0];
        await ConsumeAsync(new ExactlyOnceSink(_db.DataSource, Group, _registry), records, stopAfterBatches: int.MaxValue);

        Assert.Equal(21, resumedAt);
        Assert.Equal(await RollupValuesAsync(other), await RollupValuesAsync(_db));
        Assert.Equal(records.Count, (await StoredRows.ConnectorMinutesAsync(_db)).Count);
    }

    private static async Task ConsumeAsync(ExactlyOnceSink sink, List<ConnectorRollup> records, int stopAfterBatches)
    {
        const int BatchSize = 7;
        var offsets = await sink.ReadOffsetsAsync(Group, Topic);
        var next = offsets.TryGetValue(0, out var stored) ? (int)stored : 0;
        for (var written = 0; next < records.Count && written < stopAfterBatches; written++)
        {
            var batch = new SinkBatch();
            var end = Math.Min(records.Count, next + BatchSize);
            batch.ConnectorRollups.AddRange(records.GetRange(next, end - next));
            batch.AdvanceOffset(Topic, 0, end);
            await sink.WriteAsync(batch);
            next = end;
        }
    }

    private static async Task<List<string>> RollupValuesAsync(ThrowawayDatabase db) =>
        await StoredRows.ReadAsync(db,
            """
            SELECT concat_ws('|', 'm', cp, port, minute, up_ms, down_ms, offline_ms, unknown_ms) FROM connector_minute
            UNION ALL SELECT concat_ws('|', 'h', cp, port, bucket, up_ms, down_ms, offline_ms, unknown_ms, minutes) FROM connector_rollup_hour
            UNION ALL SELECT concat_ws('|', 'd', cp, port, bucket, up_ms, down_ms, offline_ms, unknown_ms, minutes) FROM connector_rollup_day
            UNION ALL SELECT concat_ws('|', 'o', topic, partition, next_offset) FROM consumer_offsets
            ORDER BY 1
            """,
            r => r.GetString(0));

    private Task<List<string>> PartitionsAsync(string table) =>
        StoredRows.ReadAsync(_db,
            $"SELECT c.relname::text FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = '{table}'::regclass ORDER BY 1",
            r => r.GetString(0));

    private SinkBatch FullBatch(int seed)
    {
        var batch = new SinkBatch();
        batch.ConnectorRollups.AddRange(SinkRows.ConnectorRollups(_registry, chargers: 12, ports: 2, minutes: 90, seed: seed));
        batch.ChargerRollups.AddRange(SinkRows.ChargerRollups(batch.ConnectorRollups));
        batch.Signals.AddRange(SinkRows.Signals(40, seed));
        batch.Outages.AddRange(SinkRows.Outages(15));
        batch.Sessions.AddRange(SinkRows.Sessions(20));
        batch.AdvanceOffset(Topic, 0, 1_000 + seed);
        batch.AdvanceOffset(Topic, 2, 400);
        return batch;
    }

    private async Task AssertStoredAsync(SinkBatch batch)
    {
        var connectors = await StoredRows.ConnectorMinutesAsync(_db);
        Assert.Equal(
            batch.ConnectorRollups.Select(r => (_registry.NameOf(r.Charger), (short)r.Port, DateTimeOffset.FromUnixTimeMilliseconds(r.MinuteStartMs), r.UpMs, r.DownMs, r.OfflineMs, r.UnknownMs))
                .OrderBy(r => r.Item1, StringComparer.Ordinal).ThenBy(r => r.Item2).ThenBy(r => r.Item3),
            connectors.Select(r => (r.Cp, r.Port, r.Minute, r.Up, r.Down, r.Offline, r.Unknown)).OrderBy(r => r.Cp, StringComparer.Ordinal).ThenBy(r => r.Port).ThenBy(r => r.Minute));

        var chargers = await StoredRows.ChargerMinutesAsync(_db);
        Assert.Equal(
            batch.ChargerRollups.Select(r => (_registry.NameOf(r.Charger), DateTimeOffset.FromUnixTimeMilliseconds(r.MinuteStartMs), r.UpMs, r.DownMs, r.OfflineMs, r.UnknownMs))
                .OrderBy(r => r.Item1, StringComparer.Ordinal).ThenBy(r => r.Item2),
            chargers.Select(r => (r.Cp, r.Minute, r.Up, r.Down, r.Offline, r.Unknown)).OrderBy(r => r.Cp, StringComparer.Ordinal).ThenBy(r => r.Minute));

        var signals = (await StoredRows.SignalsAsync(_db)).ToDictionary(s => (s.Cp, s.Type, s.Port, s.State, s.Ts));
        Assert.Equal(batch.Signals.Count, signals.Count);
        foreach (var row in batch.Signals)
        {
            var s = row.Signal;
            var stored = signals[(s.ChargePoint, s.Type, s.Port is { } p ? (short)p : (short)-1, s.State == SignalState.Raised ? "raised" : "cleared", DateTimeOffset.FromUnixTimeMilliseconds(s.TimestampMs))];
            Assert.Equal(s.Scope == SignalScope.Connector ? "connector" : "charger", stored.Scope);
            Assert.Equal(row.Site, stored.Site);
            using var evidence = JsonDocument.Parse(stored.Evidence);
            Assert.Equal(s.Evidence.Cause, evidence.RootElement.GetProperty("cause").GetString());
            Assert.Equal(s.Evidence.Count, evidence.RootElement.GetProperty("count").GetInt32());
            Assert.Equal(
                DateTimeOffset.FromUnixTimeMilliseconds(s.Evidence.SinceMs!.Value),
                DateTimeOffset.Parse(evidence.RootElement.GetProperty("since").GetString()!, CultureInfo.InvariantCulture));
        }

        var outages = await StoredRows.OutagesAsync(_db);
        Assert.Equal(
            batch.Outages.Select(o => (o.ChargePoint, (short)o.Port, DateTimeOffset.FromUnixTimeMilliseconds(o.StartMs), o.EndMs is { } e ? DateTimeOffset.FromUnixTimeMilliseconds(e) : (DateTimeOffset?)null, o.Cause))
                .OrderBy(o => o.ChargePoint, StringComparer.Ordinal).ThenBy(o => o.Item2).ThenBy(o => o.Item3),
            outages.Select(o => (o.Cp, o.Port, o.Start, o.End, o.Cause)));

        var sessions = await StoredRows.ReadAsync(_db,
            "SELECT session_id, cp, port, start_time, end_time, energy_kwh, peak_kw, stop_reason, auth_status, auth_method, error_codes, successful FROM sessions",
            r => new ChargingSession(
                r.GetString(0), r.GetString(1), (ushort)r.GetInt16(2), r.GetFieldValue<DateTimeOffset>(3).ToUnixTimeMilliseconds(),
                r.IsDBNull(4) ? null : r.GetFieldValue<DateTimeOffset>(4).ToUnixTimeMilliseconds(),
                r.IsDBNull(5) ? null : r.GetDouble(5), r.IsDBNull(6) ? null : r.GetDouble(6),
                r.IsDBNull(7) ? null : r.GetString(7), r.IsDBNull(8) ? null : r.GetString(8), r.IsDBNull(9) ? null : r.GetString(9),
                r.GetFieldValue<string[]>(10), r.IsDBNull(11) ? null : r.GetBoolean(11)));
        Assert.Equal(batch.Sessions.Count, sessions.Count);
        var byId = sessions.ToDictionary(s => (s.ChargePoint, s.SessionId));
        foreach (var expected in batch.Sessions)
        {
            var stored = byId[(expected.ChargePoint, expected.SessionId)];
            Assert.Equal(expected with { ErrorCodes = [] }, stored with { ErrorCodes = [] });
            Assert.Equal(expected.ErrorCodes, stored.ErrorCodes);
        }

        Assert.Equal(
            batch.Offsets.Where(o => o.Key.Topic == Topic).ToDictionary(o => o.Key.Partition, o => o.Value),
            await new ExactlyOnceSink(_db.DataSource, Group, _registry).ReadOffsetsAsync(Group, Topic));
    }

    /// <summary>Every stored row with its row version, and the offsets with their update times.</summary>
    private async Task<(List<string> Rows, List<(string Topic, int Partition, long Next, DateTimeOffset UpdatedAt)> Offsets)> SnapshotAsync()
    {
        var rows = new List<string>();
        rows.AddRange((await StoredRows.ConnectorMinutesAsync(_db)).Select(r => r.ToString()));
        rows.AddRange((await StoredRows.ChargerMinutesAsync(_db)).Select(r => r.ToString()));
        rows.AddRange((await StoredRows.SignalsAsync(_db)).Select(r => r.ToString()));
        rows.AddRange((await StoredRows.OutagesAsync(_db)).Select(r => r.ToString()));
        rows.AddRange(await StoredRows.SessionsAsync(_db));
        rows.AddRange(await StoredRows.ReadAsync(_db,
            "SELECT concat_ws('|', cp, port, bucket, up_ms, xmin::text) FROM connector_hour UNION ALL SELECT concat_ws('|', cp, port, bucket, up_ms, xmin::text) FROM connector_day ORDER BY 1",
            r => r.GetString(0)));
        var offsets = await StoredRows.ReadAsync(_db,
            "SELECT topic, partition, next_offset, updated_at FROM consumer_offsets ORDER BY 1, 2",
            r => (r.GetString(0), r.GetInt32(1), r.GetInt64(2), r.GetFieldValue<DateTimeOffset>(3)));
        return (rows, offsets);
    }

    private async Task TerminateAsync(int processId)
    {
        Assert.True(await _db.ScalarAsync<bool>($"SELECT pg_terminate_backend({processId}, 5000)"));
    }
}
