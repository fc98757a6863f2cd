namespace Telemetry.Timescale.Sink;

/// <summary>A batch queued in a <see cref="BatchingSink"/>, and the task that completes when it is written or dropped.</summary>
internal sealed class PendingBatch(SinkBatch batch)
{
    public SinkBatch Batch { get; } = batch;

    public TaskCompletionSource Written { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
