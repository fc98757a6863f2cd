using Npgsql;
using NpgsqlTypes;

namespace Telemetry.Timescale.Checkpoints;

/// <summary>
/// Detector checkpoints in <c>detector_checkpoints</c>, per consumer group. They are written by
/// <see cref="Sink.ExactlyOnceSink"/> in the transaction of a batch (<see cref="Sink.SinkBatch.SetCheckpoint"/>),
/// so a checkpoint is never stored without the rows and offsets it goes with, nor the reverse.
/// The newest few checkpoints per partition are kept: the newest may be ahead of what a worker can
/// resume from (its signals not yet confirmed as published), and an older one then still saves
/// re-reading the partition from its start.
/// </summary>
public sealed class DetectorCheckpointStore
{
    private const string ReadLatestSql = """
        SELECT "offset", format_version, state, taken_at FROM detector_checkpoints
        WHERE group_id = $1 AND topic = $2 AND partition = $3 AND "offset" <= $4
        ORDER BY "offset" DESC LIMIT 1
        """;

    // A checkpoint at an offset stored already is replaced (the same records, a newer snapshot).
    private const string UpsertSql = """
        INSERT INTO detector_checkpoints AS c (group_id, topic, partition, "offset", format_version, state, taken_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7)
        ON CONFLICT (group_id, topic, partition, "offset") DO UPDATE
        SET format_version = EXCLUDED.format_version, state = EXCLUDED.state, taken_at = EXCLUDED.taken_at
        """;

    // Keeps the newest KeptPerPartition; with fewer stored the bound is NULL and nothing goes.
    private const string DeleteOlderSql = """
        DELETE FROM detector_checkpoints WHERE group_id = $1 AND topic = $2 AND partition = $3 AND "offset" < (
            SELECT "offset" FROM detector_checkpoints WHERE group_id = $1 AND topic = $2 AND partition = $3
            ORDER BY "offset" DESC OFFSET $4 - 1 LIMIT 1)
        """;

    /// <summary>Checkpoints kept per partition: one interval of slack behind the newest is plenty, three is safe.</summary>
    public const int KeptPerPartition = 3;

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _group;

    public DetectorCheckpointStore(NpgsqlDataSource dataSource, string group)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentException.ThrowIfNullOrEmpty(group);
        _dataSource = dataSource;
        _group = group;
    }

    /// <summary>
    /// The latest checkpoint of <paramref name="topic"/>/<paramref name="partition"/> at or before
    /// <paramref name="atMostOffset"/>, or null when none was written there.
    /// </summary>
    public async Task<DetectorCheckpoint?> ReadLatestAsync(string topic, int partition, long atMostOffset = long.MaxValue, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        ArgumentOutOfRangeException.ThrowIfNegative(partition);
        var command = _dataSource.CreateCommand(ReadLatestSql);
        await using (command.ConfigureAwait(false))
        {
            AddKey(command, _group, topic, partition);
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = atMostOffset, NpgsqlDbType = NpgsqlDbType.Bigint });
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    return null;
                }

                return new DetectorCheckpoint(
                    topic,
                    partition,
                    reader.GetInt64(0),
                    reader.GetInt32(1),
                    reader.GetFieldValue<byte[]>(2),
                    reader.GetFieldValue<DateTimeOffset>(3));
            }
        }
    }

    /// <summary>Stores <paramref name="checkpoint"/> for <paramref name="group"/> inside <paramref name="transaction"/> and deletes the partition's older ones beyond <see cref="KeptPerPartition"/>.</summary>
    internal static async Task WriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string group, DetectorCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        var upsert = new NpgsqlCommand(UpsertSql, connection, transaction);
        await using (upsert.ConfigureAwait(false))
        {
            AddKey(upsert, group, checkpoint.Topic, checkpoint.Partition);
            upsert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = checkpoint.Offset, NpgsqlDbType = NpgsqlDbType.Bigint });
            upsert.Parameters.Add(new NpgsqlParameter<int> { TypedValue = checkpoint.FormatVersion, NpgsqlDbType = NpgsqlDbType.Integer });
            upsert.Parameters.Add(new NpgsqlParameter<ReadOnlyMemory<byte>> { TypedValue = checkpoint.State, NpgsqlDbType = NpgsqlDbType.Bytea });
            upsert.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = checkpoint.TakenAt.ToUniversalTime(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
            await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var delete = new NpgsqlCommand(DeleteOlderSql, connection, transaction);
        await using (delete.ConfigureAwait(false))
        {
            AddKey(delete, group, checkpoint.Topic, checkpoint.Partition);
            delete.Parameters.Add(new NpgsqlParameter<int> { TypedValue = KeptPerPartition, NpgsqlDbType = NpgsqlDbType.Integer });
            await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static void AddKey(NpgsqlCommand command, string group, string topic, int partition)
    {
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = group, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = topic, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = partition, NpgsqlDbType = NpgsqlDbType.Integer });
    }
}
