namespace Telemetry.Timescale.Sink;

/// <summary>
/// How the exactly-once sink batches, retries and bounds its memory (configuration section
/// <see cref="SectionName"/>).
/// </summary>
/// <remarks>
/// Memory is bounded by <see cref="MaxBatchRows"/> × (<see cref="MaxPendingBatches"/> + 2): the
/// open batch, the pending ones, and the one being written. When the pending queue is full the
/// caller waits, and so stops consuming: that is the back-pressure while the database is slow
/// or down.
/// </remarks>
public sealed class SinkOptions
{
    public const string SectionName = "Timescale:Sink";

    /// <summary>A batch is handed over once it holds this many rows.</summary>
    public int MaxBatchRows { get; set; } = 50_000;

    /// <summary>A batch is handed over once its first row or offset is this old.</summary>
    public TimeSpan MaxBatchAge { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Batches handed over but not yet written; handing over more waits.</summary>
    public int MaxPendingBatches { get; set; } = 2;

    /// <summary>Tries per batch, the first included, before a transient failure is given up on.</summary>
    public int RetryAttempts { get; set; } = 6;

    /// <summary>Wait after the first failed try; doubled after each further one.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest wait between two tries.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Daily partitions created beyond the last day of each batch (plain PostgreSQL only).</summary>
    public int PartitionDaysAhead { get; set; } = 1;

    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatchRows, 1, nameof(MaxBatchRows));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatchAge, TimeSpan.Zero, nameof(MaxBatchAge));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPendingBatches, 1, nameof(MaxPendingBatches));
        ArgumentOutOfRangeException.ThrowIfLessThan(RetryAttempts, 1, nameof(RetryAttempts));
        ArgumentOutOfRangeException.ThrowIfLessThan(RetryBaseDelay, TimeSpan.Zero, nameof(RetryBaseDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(RetryMaxDelay, RetryBaseDelay, nameof(RetryMaxDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(PartitionDaysAhead, 0, nameof(PartitionDaysAhead));
    }
}
