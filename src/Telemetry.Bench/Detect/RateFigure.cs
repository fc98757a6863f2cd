namespace Telemetry.Bench.Detect;

/// <summary>What one measured loop achieved: events handled, bytes allocated and time taken, on <paramref name="Cores"/> threads.</summary>
public sealed record RateFigure(string Name, long Events, long AllocatedBytes, TimeSpan Elapsed, int Cores = 1)
{
    public double EventsPerSecond => Events / Math.Max(Elapsed.TotalSeconds, 1e-9);

    public double EventsPerSecondPerCore => EventsPerSecond / Cores;

    public double NanosecondsPerEvent => Events == 0 ? 0 : Elapsed.TotalMilliseconds * 1e6 / Events * Cores;

    public double AllocatedBytesPerEvent => Events == 0 ? 0 : AllocatedBytes / (double)Events;
}
