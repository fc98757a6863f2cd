using Microsoft.Extensions.Logging.Abstractions;
using Telemetry.Cli.Processing;
using Telemetry.Engine;
using Telemetry.Engine.Inventory;
using Telemetry.Kafka;
using Telemetry.Testing;
using Telemetry.Timescale.Sink;

namespace Telemetry.Cli.Tests.Processing;

/// <summary>
/// A <see cref="ProcessWorker"/> whose poll loop can be stalled between polls with a batch still
/// open (its batches wait long before they are committed): a member that stops polling without
/// leaving, until the group gives its partitions to another.
/// </summary>
internal sealed class StallableWorker : IAsyncDisposable
{
    private readonly ProcessWorker _worker;
    private readonly CancellationTokenSource _stop = new();
    private readonly ManualResetEventSlim _resume = new(initialState: true);
    private readonly ManualResetEventSlim _stalled = new();
    private readonly Task _run;
    private bool _disposed;

    public StallableWorker(string bootstrapServers, KafkaOptions options, ThrowawayDatabase db)
    {
        var sink = new SinkOptions { MaxBatchRows = 1_000_000, MaxBatchAge = TimeSpan.FromMinutes(10) };
        _worker = new ProcessWorker(bootstrapServers, options, db.DataSource, sink, new DetectorOptions(), FleetInventory.Empty, NullLogger.Instance);
        _run = Task.Factory.StartNew(
            () => _worker.RunAsync(_ => OnPoll(), _stop.Token),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default).Unwrap();
    }

    /// <summary>Events the worker has read.</summary>
    public long Consumed => _worker.Consumed;

    /// <summary>Stops the poll loop at its next turn and waits until it is stopped.</summary>
    public void Stall(TimeSpan timeout)
    {
        _resume.Reset();
        Assert.True(_stalled.Wait(timeout), "the worker did not reach its next poll");
    }

    public void Resume() => _resume.Set();

    /// <summary>Stops as SIGTERM does; a stalled loop is resumed first.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _resume.Set();
        await _stop.CancelAsync();
        try
        {
            await _run;
        }
        finally
        {
            await _worker.DisposeAsync();
            _stop.Dispose();
            _resume.Dispose();
            _stalled.Dispose();
        }
    }

    private void OnPoll()
    {
        if (!_resume.IsSet)
        {
            _stalled.Set();
            _resume.Wait();
            _stalled.Reset();
        }
    }
}
