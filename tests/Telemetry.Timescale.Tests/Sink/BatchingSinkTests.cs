using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Telemetry.Engine.Availability;
using Telemetry.Ocpp.Events;
using Telemetry.Testing;
using Telemetry.Timescale.Migrations;
using Telemetry.Timescale.Sink;

namespace Telemetry.Timescale.Tests.Sink;

public class BatchingSinkTests : IAsyncLifetime
{
    private const string Group = "detectors";
    private const string Topic = "telemetry.events";

    private readonly ChargerRegistry _registry = new();
    private ThrowawayDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _db = await ThrowawayDatabase.CreateAsync();
        await new MigrationRunner(_db.DataSource).RunAsync();
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task CommitIfDueAsync_HandsOver_OnlyWhenBatchIsFullOrOld()
    {
        var time = new FakeTimeProvider();
        var options = new SinkOptions { MaxBatchRows = 10, MaxBatchAge = TimeSpan.FromSeconds(1) };
        await using var batching = new BatchingSink(new ExactlyOnceSink(_db.DataSource, Group, _registry, options, time), options, time);
        var offset = 0;

        Assert.False(await batching.CommitIfDueAsync());
        Add(batching, 5, ref offset);
        Assert.False(await batching.CommitIfDueAsync());
        time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(await batching.CommitIfDueAsync());
        Add(batching, 5, ref offset);
        Assert.True(await batching.CommitIfDueAsync());

        Add(batching, 1, ref offset);
        Assert.False(await batching.CommitIfDueAsync());
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await batching.CommitIfDueAsync());
        await batching.FlushAsync();

        Assert.Equal(2, batching.BatchesWritten);
        Assert.Equal(11, batching.RowsChanged);
        Assert.Equal(11L, await _db.ScalarAsync<long>("SELECT count(*) FROM connector_minute"));
        Assert.Equal(11L, await _db.ScalarAsync<long>($"SELECT next_offset FROM consumer_offsets WHERE group_id = '{Group}'"));
    }

    [Fact]
    public async Task CommitIfDueAsync_Waits_WhilePendingBatchesAreFull()
    {
        var options = new SinkOptions { MaxBatchRows = 1, MaxPendingBatches = 1 };
        var (sink, writing, release) = HeldSink(options);
        await using var batching = new BatchingSink(sink, options);
        var offset = 0;

        Add(batching, 1, ref offset);
        Assert.True(await batching.CommitIfDueAsync());
        await writing.Task;
        Add(batching, 1, ref offset);
        Assert.True(await batching.CommitIfDueAsync());
        Add(batching, 1, ref offset);
        var third = batching.CommitIfDueAsync().AsTask();

        // The writer holds batch 1 and batch 2 fills the queue: batch 3 cannot be handed over.
        Assert.False(third.IsCompleted);
        Assert.Equal(1, batching.PendingBatches);
        Assert.Equal(0L, await _db.ScalarAsync<long>("SELECT count(*) FROM connector_minute"));

        release.SetResult();
        Assert.True(await third);
        await batching.FlushAsync();
        Assert.Equal(3L, await _db.ScalarAsync<long>("SELECT count(*) FROM connector_minute"));
        Assert.Equal(3L, await _db.ScalarAsync<long>($"SELECT next_offset FROM consumer_offsets WHERE group_id = '{Group}'"));
    }

    [Fact]
    public async Task FlushAsync_CommitsTheBatch_WhoseHandOverWasCancelledWhileTheQueueWasFull()
    {
        var options = new SinkOptions { MaxBatchRows = 1, MaxPendingBatches = 1 };
        var (sink, writing, release) = HeldSink(options);
        await using var batching = new BatchingSink(sink, options);
        var offset = 0;
        Add(batching, 1, ref offset);
        Assert.True(await batching.CommitIfDueAsync());
        await writing.Task;
        Add(batching, 1, ref offset);
        Assert.True(await batching.CommitIfDueAsync());
        Add(batching, 1, ref offset);

        // Shutdown arrives while batch 3 waits for room in the queue.
        using var stop = new CancellationTokenSource();
        var third = batching.CommitIfDueAsync(stop.Token).AsTask();
        Assert.False(third.IsCompleted);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => third);

        release.SetResult();
        await batching.FlushAsync();
        Assert.Equal(3L, await _db.ScalarAsync<long>("SELECT count(*) FROM connector_minute"));
        Assert.Equal(3L, await _db.ScalarAsync<long>($"SELECT next_offset FROM consumer_offsets WHERE group_id = '{Group}'"));
    }

    [Fact]
    public async Task FlushAsync_Throws_AndSinkStaysStopped_WhenDatabaseIsUnreachable()
    {
        var builder = new NpgsqlConnectionStringBuilder(_db.ConnectionString) { Port = ClosedPort(), Password = "hunter2-secret", Timeout = 2 };
        await using var unreachable = NpgsqlDataSource.Create(builder.ConnectionString);
        var options = new SinkOptions { RetryAttempts = 3, RetryBaseDelay = TimeSpan.FromMilliseconds(1), RetryMaxDelay = TimeSpan.FromMilliseconds(2) };
        await using var batching = new BatchingSink(new ExactlyOnceSink(unreachable, Group, _registry, options), options);
        var offset = 0;
        Add(batching, 3, ref offset);

        var error = await Assert.ThrowsAsync<SinkUnavailableException>(() => batching.FlushAsync());

        Assert.Equal(3, error.Attempts);
        Assert.Contains($"127.0.0.1:{builder.Port}/{_db.Name}", error.Message);
        Assert.DoesNotContain("hunter2-secret", error.ToString());
        Add(batching, 1, ref offset);
        var later = await Assert.ThrowsAsync<SinkUnavailableException>(() => batching.CommitIfDueAsync().AsTask());
        Assert.Same(error, later.InnerException);
        Assert.Equal(0, batching.BatchesWritten);
    }

    /// <summary>A sink whose first write signals <c>Writing</c> and holds its transaction open until <c>Release</c>.</summary>
    private (ExactlyOnceSink Sink, TaskCompletionSource Writing, TaskCompletionSource Release) HeldSink(SinkOptions options)
    {
        var sink = new ExactlyOnceSink(_db.DataSource, Group, _registry, options);
        var writing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        sink.BeforeCommit = async (connection, cancellationToken) =>
        {
            writing.TrySetResult();
            await release.Task;
        };
        return (sink, writing, release);
    }

    private void Add(BatchingSink batching, int rows, ref int offset)
    {
        var charger = _registry.Intern("CP-BATCH".AsSpan());
        for (var i = 0; i < rows; i++, offset++)
        {
            batching.Batch.ConnectorRollups.Add(new ConnectorRollup(SinkRows.FirstMinuteMs + (offset * SinkRows.MinuteMs), charger, 1, 60_000, 0, 0, 0));
        }

        batching.Batch.AdvanceOffset(Topic, 0, offset);
    }

    /// <summary>A local port nothing listens on: connections to it are refused at once.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
