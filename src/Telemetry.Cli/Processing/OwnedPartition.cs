using Prometheus;
using Telemetry.Cli.Pipeline;

namespace Telemetry.Cli.Processing;

/// <summary>
/// A partition this worker owns: its detector state, and from which offset its outputs are new.
/// Records before <see cref="ResumeAt"/> were applied by an earlier owner; they are re-read only
/// to rebuild the state, and what they produce is dropped.
/// </summary>
internal sealed class OwnedPartition(PartitionWorker worker, long resumeAt, LiveClock clock, Gauge.Child lag) : IDisposable
{
    public PartitionWorker Worker { get; } = worker;

    /// <summary>The next offset the database has not applied when the partition was assigned.</summary>
    public long ResumeAt { get; } = resumeAt;

    /// <summary>The next offset expected; records before it (a re-delivery) are ignored.</summary>
    public long Next { get; set; }

    /// <summary>The raw-frame positions this partition's events were applied up to, to drop re-delivered copies.</summary>
    public AppliedSources Sources { get; } = new();

    /// <summary>The partition's wall clock while live (wall-clock timers).</summary>
    public LiveClock Clock { get; } = clock;

    /// <summary>The partition's <c>telemetry_consumer_lag</c> series, looked up once on assignment so that a timer tick allocates nothing.</summary>
    public Gauge.Child Lag { get; } = lag;

    /// <summary>When the partition's state was last checkpointed (or it was assigned), as a <see cref="TimeProvider"/> timestamp.</summary>
    public long CheckpointedAt { get; set; }

    public void Dispose() => Worker.Dispose();
}
