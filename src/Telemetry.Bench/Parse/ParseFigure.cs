namespace Telemetry.Bench.Parse;

/// <summary>What one parser achieved over whole passes of the same records.</summary>
public sealed record ParseFigure(string Name, long Records, long Bytes, long AllocatedBytes, TimeSpan Elapsed)
{
    public double RecordsPerSecond => Records / Math.Max(Elapsed.TotalSeconds, 1e-9);

    public double MegabytesPerSecond => Bytes / 1e6 / Math.Max(Elapsed.TotalSeconds, 1e-9);

    public double AllocatedBytesPerRecord => Records == 0 ? 0 : AllocatedBytes / (double)Records;
}
