namespace Telemetry.Bench.Baselines.Messages;

/// <summary>One sample; 1.6 sends the value as a string, 2.0.1 as a number (read leniently).</summary>
public sealed class SampledValue
{
    public decimal Value { get; set; }

    public string? Context { get; set; }

    public string? Measurand { get; set; }

    public string? Unit { get; set; }
}
