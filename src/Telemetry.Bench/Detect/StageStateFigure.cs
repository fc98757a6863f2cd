namespace Telemetry.Bench.Detect;

/// <summary>Managed memory one stage of a partition holds alone, for the fleet <see cref="StateSize"/> builds.</summary>
public sealed record StageStateFigure(string Stage, long Bytes)
{
    public double BytesPerCharger(int chargers) => Bytes / (double)chargers;
}
