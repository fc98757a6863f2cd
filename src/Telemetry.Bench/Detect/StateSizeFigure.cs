namespace Telemetry.Bench.Detect;

/// <summary>Managed memory held by one partition's detector state for <see cref="Connectors"/> connectors, and by the charger ids.</summary>
public sealed record StateSizeFigure(int Chargers, int Connectors, long Events, long RegistryBytes, long DetectorBytes)
{
    /// <summary>The 1 GB target of DESIGN §5, for 1M connectors.</summary>
    public const long TargetBytes = 1L << 30;

    public const int TargetConnectors = 1_000_000;

    public long TotalBytes => RegistryBytes + DetectorBytes;

    public double BytesPerConnector => TotalBytes / (double)Connectors;

    /// <summary>What <see cref="TargetConnectors"/> connectors would take at this rate.</summary>
    public double ProjectedBytesForTarget => BytesPerConnector * TargetConnectors;
}
