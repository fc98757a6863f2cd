using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Telemetry.Cli.Correlation;
using Telemetry.Cli.Processing;
using Telemetry.Engine;
using Telemetry.Engine.Inventory;
using Telemetry.Kafka;
using Telemetry.Testing;
using Telemetry.Timescale.Sink;

namespace Telemetry.Cli.Tests.Processing;

/// <summary>A <see cref="ProcessWorker"/> running on a thread of its own until stopped, as <c>telemetry process</c> runs it.</summary>
internal sealed class InProcessWorker : IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly ProcessWorker _worker;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;
    private volatile int _assigned;
    private bool _stopped;

    private InProcessWorker(string bootstrapServers, KafkaOptions options, ThrowawayDatabase db, FleetInventory inventory, DecisionPublisher? decisions, ProcessingOptions? processing = null)
    {
        // Small, young batches: many commits, so that faults land between and within them.
        var sink = new SinkOptions { MaxBatchRows = 2000, MaxBatchAge = TimeSpan.FromMilliseconds(50) };
        // Connections of its own, as a separate process has: faults that end them leave the test's.
        _dataSource = NpgsqlDataSource.Create(db.ConnectionString);
        _worker = new ProcessWorker(bootstrapServers, options, _dataSource, sink, new DetectorOptions(), inventory, NullLogger.Instance, decisions, processing);
        _run = Task.Factory.StartNew(
            () => _worker.RunAsync(w => _assigned = w.Assigned.Count, _stop.Token),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default).Unwrap();
    }

    /// <summary>Partitions the worker owned at its last poll.</summary>
    public int Assigned => _assigned;

    /// <summary>Records the worker read, including those re-read to rebuild state (read once it has stopped).</summary>
    public long Consumed => _worker.Consumed;

    /// <summary>Partitions the worker restored from a checkpoint (read once it has stopped).</summary>
    public long CheckpointsRestored => _worker.CheckpointsRestored;

    public static InProcessWorker Start(string bootstrapServers, KafkaOptions options, ThrowawayDatabase db) => new(bootstrapServers, options, db, FleetInventory.Empty, null);

    public static InProcessWorker Start(string bootstrapServers, KafkaOptions options, ThrowawayDatabase db, ProcessingOptions processing) =>
        new(bootstrapServers, options, db, FleetInventory.Empty, null, processing);

    /// <summary>A worker that also publishes the correlator's inputs through <paramref name="decisions"/>, as <c>telemetry process --inventory</c> does.</summary>
    public static InProcessWorker Start(string bootstrapServers, KafkaOptions options, ThrowawayDatabase db, FleetInventory inventory, DecisionPublisher decisions) =>
        new(bootstrapServers, options, db, inventory, decisions);

    public async Task WaitForAssignmentAsync(TimeSpan timeout)
    {
        using var guard = new CancellationTokenSource(timeout);
        while (_assigned == 0)
        {
            if (_run.IsCompleted)
            {
                await _run;
            }

            await Task.Delay(20, guard.Token);
        }
    }

    /// <summary>Stops as SIGTERM does: commit what was processed, leave the group.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        await _stop.CancelAsync();
        try
        {
            await _run;
        }
        finally
        {
            await _worker.DisposeAsync();
            await _dataSource.DisposeAsync();
            _stop.Dispose();
        }
    }
}
