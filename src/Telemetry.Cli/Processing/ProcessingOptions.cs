using Telemetry.Kafka.Events;

namespace Telemetry.Cli.Processing;

/// <summary>The configuration section <c>Processing</c>: how <c>telemetry process</c> keeps time while live, and when it is ready.</summary>
internal sealed class ProcessingOptions
{
    public const string SectionName = "Processing";

    /// <summary>
    /// Let the wall clock move an idle, caught-up partition's watermark, so that silence (a
    /// charger that stops sending) raises signals when no later event arrives to reveal it.
    /// </summary>
    public bool WallClockTimers { get; set; } = true;

    /// <summary>
    /// A partition is live when its latest event reached the worker at most this long after its
    /// event time; otherwise (a capture or an old backlog fed through Kafka) its time stays event
    /// time, as in replay.
    /// </summary>
    public TimeSpan LiveMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the wall-clock timers run over the owned partitions.</summary>
    public TimeSpan TimerTick { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary><c>/readyz</c> answers 200 while every owned partition is at most this many records behind its high watermark.</summary>
    public long ReadyMaxLag { get; set; } = 10_000;

    /// <summary>How often a partition's detector state is checkpointed with the batch that carries its offset; zero takes none (a new owner re-reads the partition from its start).</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Records the consuming thread may hand to the detection thread ahead of it (rounded up to
    /// a power of two): enough to keep both threads busy across a fetch or a sink commit, small
    /// enough that memory stays bounded; when full, consumption waits.
    /// </summary>
    public int HandOffCapacity { get; set; } = EventHandOff.DefaultCapacity;

    /// <summary>On SIGTERM / Ctrl+C: how long to wait for Kafka to acknowledge the signals and decisions produced, once the last batch is committed.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public void Validate()
    {
        if (ShutdownTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("Processing:ShutdownTimeout must be positive.");
        }

        if (HandOffCapacity is < 1 or > 1 << 24)
        {
            throw new ArgumentException("Processing:HandOffCapacity must be between 1 and 16777216.");
        }

        if (TimerTick < TimeSpan.FromMilliseconds(10))
        {
            throw new ArgumentException("Processing:TimerTick must be at least 10 ms.");
        }

        if (LiveMaxDelay < TimeSpan.Zero)
        {
            throw new ArgumentException("Processing:LiveMaxDelay must not be negative.");
        }

        if (CheckpointInterval < TimeSpan.Zero)
        {
            throw new ArgumentException("Processing:CheckpointInterval must not be negative.");
        }

        if (ReadyMaxLag < 0)
        {
            throw new ArgumentException("Processing:ReadyMaxLag must not be negative.");
        }
    }
}
