using Npgsql;
using Telemetry.Engine.Availability;
using Telemetry.Ocpp.Events;
using Telemetry.Testing;
using Telemetry.Timescale.Checkpoints;
using Telemetry.Timescale.Migrations;
using Telemetry.Timescale.Sink;

namespace Telemetry.Timescale.Tests.Checkpoints;

public class DetectorCheckpointStoreTests : IAsyncLifetime
{
    private const string Group = "detectors";
    private const string Topic = "telemetry.events";

    // 2026-03-01T00:00:00Z.
    private const long MinuteMs = 1_772_323_200_000;

    private static readonly DateTimeOffset s_takenAt = new(2026, 3, 1, 0, 5, 0, TimeSpan.Zero);

    private readonly ChargerRegistry _registry = new();
    private ThrowawayDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _db = await ThrowawayDatabase.CreateAsync();
        await new MigrationRunner(_db.DataSource).RunAsync();
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task ReadLatestAsync_ReturnsEveryFieldWritten_WhenBatchCarriedCheckpoint()
    {
        var state = Bytes(4_096, seed: 1);
        var batch = BatchWithRollup();
        batch.AdvanceOffset(Topic, 3, 1_000);
        batch.SetCheckpoint(new DetectorCheckpoint(Topic, 3, 1_000, FormatVersion: 2, state, s_takenAt));

        await Sink().WriteAsync(batch);

        var stored = await Store().ReadLatestAsync(Topic, 3);
        Assert.NotNull(stored);
        Assert.Equal((Topic, 3, 1_000L, 2, s_takenAt), (stored.Topic, stored.Partition, stored.Offset, stored.FormatVersion, stored.TakenAt));
        Assert.Equal(state, stored.State.ToArray());
        Assert.Null(await Store().ReadLatestAsync(Topic, 2));
        Assert.Null(await new DetectorCheckpointStore(_db.DataSource, "another-group").ReadLatestAsync(Topic, 3));
    }

    [Fact]
    public async Task ReadLatestAsync_ReturnsTheNewest_WhenLaterBatchesCarryCheckpoints()
    {
        var sink = Sink();
        foreach (var offset in new long[] { 100, 300, 200 })
        {
            var batch = new SinkBatch();
            batch.SetCheckpoint(new DetectorCheckpoint(Topic, 0, offset, 1, Bytes(16, seed: (int)offset), s_takenAt));
            await sink.WriteAsync(batch);
        }

        var stored = await Store().ReadLatestAsync(Topic, 0);

        Assert.Equal(300L, stored!.Offset);
        Assert.Equal(Bytes(16, seed: 300), stored.State.ToArray());
    }

    [Fact]
    public async Task ReadLatestAsync_ReturnsTheNewestAtOrBeforeTheBound_AndOnlyTheNewestThreeAreKept()
    {
        var sink = Sink();
        foreach (var offset in new long[] { 100, 200, 300, 400 })
        {
            var batch = new SinkBatch();
            batch.SetCheckpoint(new DetectorCheckpoint(Topic, 0, offset, 1, Bytes(16, seed: (int)offset), s_takenAt));
            await sink.WriteAsync(batch);
        }

        Assert.Equal(200L, (await Store().ReadLatestAsync(Topic, 0, atMostOffset: 250))!.Offset);
        Assert.Equal(Bytes(16, seed: 300), (await Store().ReadLatestAsync(Topic, 0, atMostOffset: 300))!.State.ToArray());
        Assert.Null(await Store().ReadLatestAsync(Topic, 0, atMostOffset: 199));
        Assert.Equal(DetectorCheckpointStore.KeptPerPartition, await _db.ScalarAsync<long>("SELECT count(*) FROM detector_checkpoints"));
    }

    [Fact]
    public async Task WriteAsync_StoresNeitherRowsNorCheckpoint_WhenBackendIsTerminatedBeforeCommit()
    {
        var batch = BatchWithRollup();
        batch.AdvanceOffset(Topic, 0, 50);
        batch.SetCheckpoint(new DetectorCheckpoint(Topic, 0, 50, 1, Bytes(1_024, seed: 2), s_takenAt));
        var sink = new ExactlyOnceSink(_db.DataSource, Group, _registry, new SinkOptions { RetryAttempts = 1 });
        sink.BeforeCommit = async (connection, _) =>
            Assert.True(await _db.ScalarAsync<bool>($"SELECT pg_terminate_backend({connection.ProcessID}, 5000)"));

        await Assert.ThrowsAsync<SinkUnavailableException>(() => sink.WriteAsync(batch));

        Assert.Null(await Store().ReadLatestAsync(Topic, 0));
        Assert.Equal(0L, await _db.ScalarAsync<long>("SELECT count(*) FROM connector_minute"));
        Assert.Equal(0L, await _db.ScalarAsync<long>("SELECT count(*) FROM detector_checkpoints"));
        Assert.Empty(await sink.ReadOffsetsAsync(Group, Topic));
    }

    [Fact]
    public async Task WriteAsync_StoresBothRowsAndCheckpoint_WhenRetriedAfterTermination()
    {
        var batch = BatchWithRollup();
        batch.AdvanceOffset(Topic, 0, 50);
        batch.SetCheckpoint(new DetectorCheckpoint(Topic, 0, 50, 1, Bytes(1_024, seed: 3), s_takenAt));
        var sink = new ExactlyOnceSink(_db.DataSource, Group, _registry, new SinkOptions { RetryAttempts = 3, RetryBaseDelay = TimeSpan.FromMilliseconds(1), RetryMaxDelay = TimeSpan.FromMilliseconds(2) });
        var terminated = false;
        sink.BeforeCommit = async (connection, _) =>
        {
            if (!terminated)
            {
                terminated = true;
                Assert.True(await _db.ScalarAsync<bool>($"SELECT pg_terminate_backend({connection.ProcessID}, 5000)"));
            }
        };

        var result = await sink.WriteAsync(batch);

        Assert.Equal(2, result.Attempts);
        Assert.Equal(Bytes(1_024, seed: 3), (await Store().ReadLatestAsync(Topic, 0))!.State.ToArray());
        Assert.Equal(1L, await _db.ScalarAsync<long>("SELECT count(*) FROM connector_minute"));
        Assert.Equal(50L, (await sink.ReadOffsetsAsync(Group, Topic))[0]);
    }

    [Fact]
    public async Task ReadLatestAsync_ReturnsWholeState_WhenItIsTensOfMegabytes()
    {
        var state = Bytes(40 << 20, seed: 4);
        var batch = new SinkBatch();
        batch.SetCheckpoint(new DetectorCheckpoint(Topic, 1, 7, 1, state, s_takenAt));

        await Sink().WriteAsync(batch);

        var stored = await Store().ReadLatestAsync(Topic, 1);
        Assert.True(state.AsSpan().SequenceEqual(stored!.State.Span));
    }

    [Fact]
    public async Task WriteAsync_ThrowsAndWritesNothing_WhenCheckpointFormatVersionIsNotPositive()
    {
        var batch = BatchWithRollup();
        batch.SetCheckpoint(new DetectorCheckpoint(Topic, 0, 1, 0, Bytes(1, seed: 5), s_takenAt));

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Sink().WriteAsync(batch));

        Assert.Equal(0L, await _db.ScalarAsync<long>("SELECT count(*) FROM connector_minute"));
    }

    private SinkBatch BatchWithRollup()
    {
        var batch = new SinkBatch();
        batch.ConnectorRollups.Add(new ConnectorRollup(MinuteMs, _registry.Intern("CP-1"u8), 1, 60_000, 0, 0, 0));
        return batch;
    }

    private ExactlyOnceSink Sink() => new(_db.DataSource, Group, _registry);

    private DetectorCheckpointStore Store() => new(_db.DataSource, Group);

    private static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
