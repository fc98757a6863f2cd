namespace Telemetry.Cli.Correlation;

/// <summary>The configuration section <c>Correlate</c>: how <c>telemetry correlate</c> keeps time while live, when it is ready, and how long it stops.</summary>
internal sealed class CorrelateOptions
{
    public const string SectionName = "Correlate";

    /// <summary>
    /// Let the wall clock release a decisions partition whose events sources fell silent (a
    /// process worker down, an events partition without traffic), so that escalation deadlines
    /// still fire. Off: the correlator's clock moves only with the watermarks it reads.
    /// </summary>
    public bool WallClockTimers { get; set; } = true;

    /// <summary>
    /// How late a source may be before the wall clock overrides it: a source not heard from for
    /// this long beyond the watermark interval counts as silent, and is taken to have reached
    /// the wall clock minus the lag a live source's watermark has, minus this. Also the bound on
    /// how far behind its arrival a watermark may be for the input to count as live.
    /// </summary>
    public TimeSpan LiveMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the wall clock is checked against the owned partitions.</summary>
    public TimeSpan TimerTick { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How often each owned partition's state is checkpointed to the checkpoints topic, once
    /// everything before it is delivered and committed (also on revocation and shutdown); a new
    /// owner restores it instead of re-reading the decisions partition from its earliest record.
    /// Zero: off.
    /// </summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>On SIGTERM / Ctrl+C: how long to wait for Kafka to acknowledge the incidents and commands produced before committing.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary><c>/readyz</c> answers 200 while every owned partition is at most this many records behind its high watermark.</summary>
    public long ReadyMaxLag { get; set; } = 10_000;

    public void Validate()
    {
        if (ShutdownTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("Correlate:ShutdownTimeout must be positive.");
        }

        if (ReadyMaxLag < 0)
        {
            throw new ArgumentException("Correlate:ReadyMaxLag must not be negative.");
        }

        if (CheckpointInterval < TimeSpan.Zero)
        {
            throw new ArgumentException("Correlate:CheckpointInterval must not be negative.");
        }

        if (TimerTick < TimeSpan.FromMilliseconds(10))
        {
            throw new ArgumentException("Correlate:TimerTick must be at least 10 ms.");
        }

        if (LiveMaxDelay < TimeSpan.Zero)
        {
            throw new ArgumentException("Correlate:LiveMaxDelay must not be negative.");
        }
    }
}
