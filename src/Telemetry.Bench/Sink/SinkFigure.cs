namespace Telemetry.Bench.Sink;

/// <summary>What one way of writing achieved: rows written, bytes allocated in the process and time taken.</summary>
public sealed record SinkFigure(string Name, long Rows, long AllocatedBytes, TimeSpan Elapsed)
{
    public double RowsPerSecond => Rows / Math.Max(Elapsed.TotalSeconds, 1e-9);

    public double AllocatedBytesPerRow => Rows == 0 ? 0 : AllocatedBytes / (double)Rows;
}
