using Npgsql;
using NpgsqlTypes;
using Telemetry.Ocpp.Events;
using Telemetry.Timescale.Checkpoints;
using Telemetry.Timescale.Partitions;
using Telemetry.Timescale.Rollups;
using Telemetry.Timescale.Sink.Staging;

namespace Telemetry.Timescale.Sink;

/// <summary>
/// Writes a <see cref="SinkBatch"/> exactly once: its rows (binary COPY into staging tables,
/// then upserts), the hour/day rollups they touch, and the consumer group's offsets, all in one
/// transaction. A consumer that seeks to <see cref="ReadOffsetsAsync"/> on start or assignment
/// therefore re-reads exactly what was not committed, and writing any batch again changes nothing.
/// </summary>
/// <remarks>
/// Transient failures (lost connection, terminated backend, serialization failure, deadlock)
/// are retried with exponential back-off; every try redoes the whole transaction, which is safe
/// even when a commit's outcome was unknown, because each write is an idempotent upsert. When the
/// tries run out, <see cref="SinkUnavailableException"/> is thrown and nothing was committed.
/// One sink may be used by one writer at a time; workers of different partitions may each have one.
/// </remarks>
public sealed class ExactlyOnceSink
{
    // Locks the group's offset rows of the batch's partitions, so two writers of one partition
    // (a worker and its successor after a rebalance) commit one after the other.
    private const string LockOffsetsSql = """
        SELECT o.topic, o.partition, o.next_offset
        FROM consumer_offsets o
        JOIN unnest($2::text[], $3::integer[]) AS b(topic, partition) USING (topic, partition)
        WHERE o.group_id = $1
        FOR UPDATE OF o
        """;

    // Offsets only move forward: replaying an older batch cannot rewind the group.
    private const string UpsertOffsetsSql = """
        INSERT INTO consumer_offsets AS o (group_id, topic, partition, next_offset)
        SELECT $1, topic, partition, next_offset FROM unnest($2::text[], $3::integer[], $4::bigint[]) AS b(topic, partition, next_offset)
        ON CONFLICT (group_id, topic, partition) DO UPDATE
        SET next_offset = EXCLUDED.next_offset, updated_at = now()
        WHERE o.next_offset < EXCLUDED.next_offset
        """;

    // The merges sort a batch's staged rows by key: at the default work_mem a 50,000-row batch
    // spills that sort to disk. Raised for the batch's transaction only.
    private const string StagingWorkMemSql = "SET LOCAL work_mem = '64MB'";

    private const string ReadOffsetsSql =
        "SELECT partition, next_offset FROM consumer_offsets WHERE group_id = $1 AND topic = $2";

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _group;
    private readonly Func<int, string> _chargerName;
    private readonly SinkOptions _options;
    private readonly TimeProvider _time;
    private readonly string _target;
    private readonly ConnectorMinuteStaging _connectorMinutes;
    private readonly ChargerMinuteStaging _chargerMinutes;
    private readonly SignalStaging _signals = new();
    private readonly OutageStaging _outages = new();
    private readonly SessionStaging _sessions = new();
    private readonly IncidentStaging _incidents = new();
    private readonly CommandStaging _commands = new();
    private readonly HourDayRollups _hourDay = new();

    /// <summary>A sink for consumer group <paramref name="group"/> that names chargers through <paramref name="registry"/>.</summary>
    public ExactlyOnceSink(NpgsqlDataSource dataSource, string group, ChargerRegistry registry, SinkOptions? options = null, TimeProvider? time = null)
        : this(dataSource, group, (registry ?? throw new ArgumentNullException(nameof(registry))).NameOf, options, time)
    {
    }

    /// <summary>A sink for consumer group <paramref name="group"/> that names chargers through <paramref name="chargerName"/> (interned id to charge point id).</summary>
    public ExactlyOnceSink(NpgsqlDataSource dataSource, string group, Func<int, string> chargerName, SinkOptions? options = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentException.ThrowIfNullOrEmpty(group);
        ArgumentNullException.ThrowIfNull(chargerName);
        options ??= new SinkOptions();
        options.Validate();
        _dataSource = dataSource;
        _group = group;
        _chargerName = chargerName;
        _options = options;
        _time = time ?? TimeProvider.System;
        _target = DescribeTarget(dataSource.ConnectionString);
        _connectorMinutes = new ConnectorMinuteStaging(chargerName);
        _chargerMinutes = new ChargerMinuteStaging(chargerName);
    }

    /// <summary>The consumer group whose offsets this sink commits.</summary>
    public string Group => _group;

    /// <summary>
    /// Runs just before each commit, inside the transaction, with its connection: lets tests
    /// break a transaction at its most delicate point.
    /// </summary>
    internal Func<NpgsqlConnection, CancellationToken, Task>? BeforeCommit { get; set; }

    /// <summary>Writes <paramref name="batch"/> and its offsets in one transaction, retrying transient failures.</summary>
    /// <exception cref="SinkUnavailableException">Every try failed transiently; nothing was committed.</exception>
    public async Task<SinkWriteResult> WriteAsync(SinkBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ThrowIfPortTooLarge(batch);
        foreach (var checkpoint in batch.Checkpoints.Values)
        {
            checkpoint.Validate();
        }

        if (batch.IsEmpty)
        {
            return new SinkWriteResult(0, 0, false);
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var (rows, skipped) = await WriteOnceAsync(batch, cancellationToken).ConfigureAwait(false);
                return new SinkWriteResult(rows, attempt, skipped);
            }
            catch (Exception e) when (TransientFailure.Is(e) && !cancellationToken.IsCancellationRequested)
            {
                if (attempt >= _options.RetryAttempts)
                {
                    throw new SinkUnavailableException(_target, attempt, e);
                }

                await Task.Delay(BackOff(attempt), _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Where consumer group <paramref name="group"/> resumes on <paramref name="topic"/>: the next
    /// offset per partition; partitions it never committed are absent (start from the earliest).
    /// </summary>
    /// <exception cref="SinkUnavailableException">Every try failed transiently.</exception>
    public async Task<IReadOnlyDictionary<int, long>> ReadOffsetsAsync(string group, string topic, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(group);
        ArgumentException.ThrowIfNullOrEmpty(topic);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await ReadOffsetsOnceAsync(group, topic, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (TransientFailure.Is(e) && !cancellationToken.IsCancellationRequested)
            {
                if (attempt >= _options.RetryAttempts)
                {
                    throw new SinkUnavailableException(_target, attempt, e);
                }

                await Task.Delay(BackOff(attempt), _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Base delay doubled per failed try, capped.</summary>
    internal TimeSpan BackOff(int failedAttempts)
    {
        var factor = Math.Pow(2, Math.Min(failedAttempts - 1, 30));
        var delay = _options.RetryBaseDelay * factor;
        return delay < _options.RetryMaxDelay ? delay : _options.RetryMaxDelay;
    }

    private async Task<(long Rows, bool Skipped)> WriteOnceAsync(SinkBatch batch, CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var (hasMinutes, firstMs, lastMs) = MinuteRange(batch);

            // Partitions are created in their own short transactions, before the batch's: the
            // parent's lock is then not held for the whole batch.
            if (hasMinutes)
            {
                await DayPartitions.EnsureAsync(connection, null, DayPartitions.ConnectorMinute, firstMs, lastMs, _options.PartitionDaysAhead, cancellationToken).ConfigureAwait(false);
                await DayPartitions.EnsureAsync(connection, null, DayPartitions.ChargerMinute, firstMs, lastMs, _options.PartitionDaysAhead, cancellationToken).ConfigureAwait(false);
            }

            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                if (await IsAppliedAsync(connection, transaction, batch, cancellationToken).ConfigureAwait(false))
                {
                    await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                    return (0, true);
                }

                await SqlCommands.ExecuteAsync(connection, transaction, StagingWorkMemSql, cancellationToken).ConfigureAwait(false);
                long rows = 0;
                rows += await _connectorMinutes.WriteAsync(connection, transaction, batch.ConnectorRollups, cancellationToken).ConfigureAwait(false);
                rows += await _chargerMinutes.WriteAsync(connection, transaction, batch.ChargerRollups, cancellationToken).ConfigureAwait(false);
                rows += await _signals.WriteAsync(connection, transaction, batch.Signals, cancellationToken).ConfigureAwait(false);
                rows += await _outages.WriteAsync(connection, transaction, batch.Outages, cancellationToken).ConfigureAwait(false);
                rows += await _sessions.WriteAsync(connection, transaction, batch.Sessions, cancellationToken).ConfigureAwait(false);
                rows += await _incidents.WriteAsync(connection, transaction, batch.Incidents, cancellationToken).ConfigureAwait(false);
                rows += await _commands.WriteAsync(connection, transaction, batch.Commands, cancellationToken).ConfigureAwait(false);
                foreach (var checkpoint in batch.Checkpoints.Values)
                {
                    await DetectorCheckpointStore.WriteAsync(connection, transaction, _group, checkpoint, cancellationToken).ConfigureAwait(false);
                }
                if (hasMinutes)
                {
                    await KeepRollupsAsync(connection, transaction, batch, cancellationToken).ConfigureAwait(false);
                }

                await UpsertOffsetsAsync(connection, transaction, batch, cancellationToken).ConfigureAwait(false);
                if (BeforeCommit is { } hook)
                {
                    await hook(connection, cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return (rows, false);
            }
        }
    }

    /// <summary>
    /// Locks the batch's offset rows; true when each is at or past the batch's offset, i.e. the
    /// batch (or a later one covering it) committed already. A batch without offsets is never
    /// taken as applied.
    /// </summary>
    private async Task<bool> IsAppliedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, SinkBatch batch, CancellationToken cancellationToken)
    {
        if (batch.Offsets.Count == 0)
        {
            return false;
        }

        var (topics, partitions, offsets) = OffsetArrays(batch);
        var command = new NpgsqlCommand(LockOffsetsSql, connection, transaction);
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _group, NpgsqlDbType = NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = topics, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = partitions, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
            var covered = 0;
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var key = new TopicPartition(reader.GetString(0), reader.GetInt32(1));
                    if (reader.GetInt64(2) >= batch.Offsets[key])
                    {
                        covered++;
                    }
                }
            }

            return covered == offsets.Length;
        }
    }

    private async Task UpsertOffsetsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, SinkBatch batch, CancellationToken cancellationToken)
    {
        if (batch.Offsets.Count == 0)
        {
            return;
        }

        var (topics, partitions, offsets) = OffsetArrays(batch);
        var command = new NpgsqlCommand(UpsertOffsetsSql, connection, transaction);
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _group, NpgsqlDbType = NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = topics, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = partitions, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
            command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = offsets, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Closes and recomputes the hour/day rollups of the (charger, hour) pairs the batch's minutes fall in.</summary>
    private async Task KeepRollupsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, SinkBatch batch, CancellationToken cancellationToken)
    {
        foreach (var rollup in batch.ConnectorRollups)
        {
            _hourDay.Touch(rollup.Charger, rollup.MinuteStartMs);
        }

        foreach (var rollup in batch.ChargerRollups)
        {
            _hourDay.Touch(rollup.Charger, rollup.MinuteStartMs);
        }

        await _hourDay.KeepAsync(connection, transaction, _chargerName, cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyDictionary<int, long>> ReadOffsetsOnceAsync(string group, string topic, CancellationToken cancellationToken)
    {
        var offsets = new Dictionary<int, long>();
        var command = _dataSource.CreateCommand(ReadOffsetsSql);
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = group, NpgsqlDbType = NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = topic, NpgsqlDbType = NpgsqlDbType.Text });
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    offsets[reader.GetInt32(0)] = reader.GetInt64(1);
                }
            }
        }

        return offsets;
    }

    private static (string[] Topics, int[] Partitions, long[] Offsets) OffsetArrays(SinkBatch batch)
    {
        var topics = new string[batch.Offsets.Count];
        var partitions = new int[topics.Length];
        var offsets = new long[topics.Length];
        var i = 0;
        foreach (var (key, offset) in batch.Offsets)
        {
            topics[i] = key.Topic;
            partitions[i] = key.Partition;
            offsets[i++] = offset;
        }

        return (topics, partitions, offsets);
    }

    private static (bool Any, long FirstMs, long LastMs) MinuteRange(SinkBatch batch)
    {
        var first = long.MaxValue;
        var last = long.MinValue;
        foreach (var rollup in batch.ConnectorRollups)
        {
            first = Math.Min(first, rollup.MinuteStartMs);
            last = Math.Max(last, rollup.MinuteStartMs);
        }

        foreach (var rollup in batch.ChargerRollups)
        {
            first = Math.Min(first, rollup.MinuteStartMs);
            last = Math.Max(last, rollup.MinuteStartMs);
        }

        return (first <= last, first, last);
    }

    /// <summary>Checked before anything is sent: a bad batch is refused whole, never retried.</summary>
    private static void ThrowIfPortTooLarge(SinkBatch batch)
    {
        foreach (var rollup in batch.ConnectorRollups)
        {
            ThrowIfTooLarge(rollup.Port);
        }

        foreach (var outage in batch.Outages)
        {
            ThrowIfTooLarge(outage.Port);
        }

        foreach (var session in batch.Sessions)
        {
            ThrowIfTooLarge(session.Port);
        }

        foreach (var signal in batch.Signals)
        {
            if (signal.Signal.Port is { } port)
            {
                ThrowIfTooLarge(port);
            }
        }

        foreach (var command in batch.Commands)
        {
            if (command.Connector is { } connector && (connector < 0 || connector > short.MaxValue))
            {
                throw new ArgumentOutOfRangeException(nameof(batch), connector, $"Connector {connector} does not fit the smallint port column.");
            }
        }

        static void ThrowIfTooLarge(ushort port)
        {
            if (port > short.MaxValue)
            {
                throw new ArgumentOutOfRangeException(nameof(batch), port, $"Port {port} does not fit the smallint port column.");
            }
        }
    }

    /// <summary>Host, port and database only: the connection string may hold a password.</summary>
    private static string DescribeTarget(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"{builder.Host}:{builder.Port}/{builder.Database}";
    }
}
