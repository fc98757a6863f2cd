using Microsoft.Extensions.Logging.Abstractions;
using Telemetry.Cli.Correlation;
using Telemetry.Decide.Policy;
using Telemetry.Engine;
using Telemetry.Engine.Inventory;
using Telemetry.Kafka;
using Telemetry.Kafka.Publishing;
using Telemetry.Timescale;
using Telemetry.Timescale.Sink;

namespace Telemetry.Cli.Tests.Correlation;

/// <summary>A <see cref="CorrelateWorker"/> on a thread of its own until stopped, as <c>telemetry correlate</c> runs it.</summary>
internal sealed class InProcessCorrelator : IAsyncDisposable
{
    private readonly KafkaPublisher _publisher;
    private readonly CorrelateWorker _worker;
    private readonly Npgsql.NpgsqlDataSource? _database;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;
    private volatile PartitionProgress[] _progress = [];
    private bool _stopped;

    private InProcessCorrelator(
        string bootstrapServers, KafkaOptions options, FleetInventory inventory, EscalationPolicyOptions? policy, DetectorOptions? detectors, CorrelateOptions? correlate, string? timescale)
    {
        _publisher = new KafkaPublisher(bootstrapServers, options, "test-correlate");
        _database = timescale is null ? null : TimescaleDataSource.Create(new TimescaleOptions { ConnectionString = timescale });
        _worker = new CorrelateWorker(
            bootstrapServers, options, policy ?? new EscalationPolicyOptions(), detectors ?? new DetectorOptions(), inventory, _publisher, NullLogger.Instance, correlate,
            database: _database is null ? null : new CorrelateDatabase(_database, new SinkOptions()));
        _run = Task.Factory.StartNew(() => _worker.Run(Snapshot, _stop.Token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Records read, including those re-read to rebuild state.</summary>
    public long Consumed => _worker.Consumed;

    /// <summary>Assigned partitions restored from a checkpoint.</summary>
    public long CheckpointsRestored => _worker.CheckpointsRestored;

    /// <summary>Checkpoints written.</summary>
    public long CheckpointsWritten => _worker.CheckpointsWritten;

    /// <summary>What each owned partition had reached at the last poll.</summary>
    public IReadOnlyList<PartitionProgress> Progress => _progress;

    /// <param name="timescale">A migrated database to write incidents and commands to as well, as <c>--timescale</c> does.</param>
    public static InProcessCorrelator Start(
        string bootstrapServers,
        KafkaOptions options,
        FleetInventory inventory,
        EscalationPolicyOptions? policy = null,
        CorrelateOptions? correlate = null,
        string? timescale = null,
        DetectorOptions? detectors = null) =>
        new(bootstrapServers, options, inventory, policy, detectors, correlate, timescale);

    /// <summary>Waits until every partition of the decisions topic is owned by one of <paramref name="correlators"/> and read up to <paramref name="ends"/>.</summary>
    public static async Task WaitForAsync(IReadOnlyList<InProcessCorrelator> correlators, long[] ends, TimeSpan timeout)
    {
        using var guard = new CancellationTokenSource(timeout);
        while (true)
        {
            var reached = new long[ends.Length];
            foreach (var correlator in correlators)
            {
                if (correlator._run.IsCompleted)
                {
                    await correlator._run;
                }

                foreach (var p in correlator.Progress)
                {
                    reached[p.Partition] = Math.Max(reached[p.Partition], p.Next);
                }
            }

            if (reached.AsSpan().SequenceEqual(ends))
            {
                return;
            }

            if (guard.IsCancellationRequested)
            {
                throw new TimeoutException($"decisions read up to [{string.Join(',', reached)}], not [{string.Join(',', ends)}], within {timeout}");
            }

            await Task.Delay(50, CancellationToken.None);
        }
    }

    /// <summary>Waits until each of <paramref name="correlators"/> owns a partition of the decisions topic.</summary>
    public static async Task WaitForOwnersAsync(IReadOnlyList<InProcessCorrelator> correlators, TimeSpan timeout)
    {
        using var guard = new CancellationTokenSource(timeout);
        while (correlators.Any(c => c.Progress.Count == 0))
        {
            foreach (var correlator in correlators.Where(c => c._run.IsCompleted))
            {
                await correlator._run;
            }

            if (guard.IsCancellationRequested)
            {
                throw new TimeoutException($"owned partitions [{string.Join(',', correlators.Select(c => c.Progress.Count))}], not one or more each, within {timeout}");
            }

            await Task.Delay(50, CancellationToken.None);
        }
    }

    /// <summary>Stops as SIGTERM does: commit what was delivered, leave the group.</summary>
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
            _worker.Dispose();
            _publisher.Flush(TimeSpan.FromSeconds(10));
            _publisher.Dispose();
            _stop.Dispose();
            if (_database is not null)
            {
                await _database.DisposeAsync();
            }
        }
    }

    private void Snapshot(CorrelateWorker worker)
    {
        var progress = new List<PartitionProgress>();
        foreach (var p in worker.Partitions)
        {
            progress.Add(new PartitionProgress(p.Partition, p.Next, p.ReleasedMs, p.LateInputs, p.Duplicates, p.Malformed));
        }

        _progress = [.. progress];
    }

    /// <summary>A partition's state between polls.</summary>
    public sealed record PartitionProgress(int Partition, long Next, long ReleasedMs, long LateInputs, long Duplicates, long Malformed);
}
