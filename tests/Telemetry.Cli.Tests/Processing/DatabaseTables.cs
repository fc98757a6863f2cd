using Npgsql;
using Telemetry.Testing;
using Telemetry.Timescale.Migrations;

namespace Telemetry.Cli.Tests.Processing;

/// <summary>What a run left in the database, as sorted text rows per table, and its stored offsets.</summary>
internal static class DatabaseTables
{
    private static readonly (string Table, string Sql)[] s_tables =
    [
        ("connector_minute", "SELECT concat_ws('|', cp, port, minute, up_ms, down_ms, offline_ms, unknown_ms) FROM connector_minute"),
        ("signals", "SELECT concat_ws('|', cp, type, port, state, ts, scope, site, evidence::text) FROM signals"),
        ("outages", "SELECT concat_ws('|', cp, port, start_time, end_time, cause) FROM outages"),
        ("sessions", "SELECT concat_ws('|', cp, session_id, port, start_time, end_time, energy_kwh, peak_kw, stop_reason, auth_status, error_codes::text, successful) FROM sessions"),
    ];

    public static async Task<ThrowawayDatabase> CreateMigratedAsync()
    {
        var db = await ThrowawayDatabase.CreateAsync();
        await new MigrationRunner(db.DataSource).RunAsync(CancellationToken.None);
        return db;
    }

    /// <summary>Every row of the tables the worker writes, as "table: row" lines in order.</summary>
    public static async Task<List<string>> SnapshotAsync(ThrowawayDatabase db)
    {
        var rows = new List<string>();
        foreach (var (table, sql) in s_tables)
        {
            var part = new List<string>();
            await using var command = db.DataSource.CreateCommand(sql);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                part.Add(table + ": " + reader.GetString(0));
            }

            part.Sort(StringComparer.Ordinal);
            rows.AddRange(part);
        }

        return rows;
    }

    public static async Task<long> CountAsync(ThrowawayDatabase db, string table) => await db.ScalarAsync<long>($"SELECT count(*) FROM {table}");

    /// <summary>The next offset the group has applied per partition (0 where none); not the published-outputs progress stored beside it (topic names with '&gt;').</summary>
    public static async Task<long[]> OffsetsAsync(ThrowawayDatabase db, string group, int partitions)
    {
        var offsets = new long[partitions];
        await using var command = db.DataSource.CreateCommand("SELECT partition, next_offset FROM consumer_offsets WHERE group_id = $1 AND position('>' in topic) = 0");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = group });
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            offsets[reader.GetInt32(0)] = reader.GetInt64(1);
        }

        return offsets;
    }

    /// <summary>Per events partition, the offset before which the group's published outputs are stored as delivered (0 where none).</summary>
    public static async Task<long[]> PublishedOffsetsAsync(ThrowawayDatabase db, string group, string progressTopic, int partitions)
    {
        var offsets = new long[partitions];
        await using var command = db.DataSource.CreateCommand("SELECT partition, next_offset FROM consumer_offsets WHERE group_id = $1 AND topic = $2");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = group });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = progressTopic });
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            offsets[reader.GetInt32(0)] = reader.GetInt64(1);
        }

        return offsets;
    }

    /// <summary>Waits until the group's stored offsets reach <paramref name="ends"/> (every event applied).</summary>
    public static async Task WaitForOffsetsAsync(ThrowawayDatabase db, string group, long[] ends, TimeSpan timeout)
    {
        using var guard = new CancellationTokenSource(timeout);
        while (true)
        {
            var offsets = await OffsetsAsync(db, group, ends.Length);
            if (offsets.AsSpan().SequenceEqual(ends))
            {
                return;
            }

            if (guard.IsCancellationRequested)
            {
                throw new TimeoutException($"offsets [{string.Join(',', offsets)}] did not reach [{string.Join(',', ends)}] within {timeout}");
            }

            await Task.Delay(50, CancellationToken.None);
        }
    }

    /// <summary>
    /// Waits until the group has applied every event up to <paramref name="ends"/> and stored
    /// the outputs it published for them as delivered (<paramref name="progressTopic"/>, e.g.
    /// <c>telemetry.events&gt;telemetry.decisions</c>).
    /// </summary>
    public static async Task WaitForPublishedAsync(ThrowawayDatabase db, string group, string progressTopic, long[] ends, TimeSpan timeout)
    {
        await WaitForOffsetsAsync(db, group, ends, timeout);
        using var guard = new CancellationTokenSource(timeout);
        while (true)
        {
            var published = await PublishedOffsetsAsync(db, group, progressTopic, ends.Length);
            if (published.AsSpan().SequenceEqual(ends))
            {
                return;
            }

            if (guard.IsCancellationRequested)
            {
                throw new TimeoutException($"published offsets [{string.Join(',', published)}] did not reach [{string.Join(',', ends)}] within {timeout}");
            }

            await Task.Delay(50, CancellationToken.None);
        }
    }

    /// <summary>Waits until the group has applied at least <paramref name="events"/> events over all partitions.</summary>
    public static async Task WaitForProgressAsync(ThrowawayDatabase db, string group, long events, TimeSpan timeout)
    {
        using var guard = new CancellationTokenSource(timeout);
        while ((await OffsetsAsync(db, group, CapturedFleet.Partitions)).Sum() < events)
        {
            if (guard.IsCancellationRequested)
            {
                throw new TimeoutException($"fewer than {events} events applied within {timeout}");
            }

            await Task.Delay(20, CancellationToken.None);
        }
    }

    /// <summary>
    /// Waits until some partition has a checkpoint a new owner can resume from: at or before both
    /// its applied offset and the offset its decisions were published to.
    /// </summary>
    public static async Task WaitForResumableCheckpointAsync(ThrowawayDatabase db, string group, TimeSpan timeout)
    {
        const string Resumable = """
            SELECT count(*) FROM detector_checkpoints c
            JOIN consumer_offsets applied ON applied.group_id = c.group_id AND applied.topic = c.topic AND applied.partition = c.partition
            JOIN consumer_offsets published ON published.group_id = c.group_id AND published.topic LIKE c.topic || '>%' AND published.partition = c.partition
            WHERE c.group_id = $1 AND c."offset" > 0 AND c."offset" <= applied.next_offset AND c."offset" <= published.next_offset
            """;
        using var guard = new CancellationTokenSource(timeout);
        while (true)
        {
            await using var command = db.DataSource.CreateCommand(Resumable);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = group });
            if ((long)(await command.ExecuteScalarAsync())! > 0)
            {
                return;
            }

            if (guard.IsCancellationRequested)
            {
                throw new TimeoutException($"no resumable checkpoint within {timeout}");
            }

            await Task.Delay(20, CancellationToken.None);
        }
    }
}
