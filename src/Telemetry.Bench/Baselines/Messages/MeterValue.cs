namespace Telemetry.Bench.Baselines.Messages;

/// <summary>One timestamped set of samples.</summary>
public sealed class MeterValue
{
    public DateTimeOffset Timestamp { get; set; }

    public IReadOnlyList<SampledValue>? SampledValue { get; set; }
}
