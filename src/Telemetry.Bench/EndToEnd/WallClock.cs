using System.Diagnostics;

namespace Telemetry.Bench.EndToEnd;

/// <summary>
/// Unix time in fractional milliseconds, read from the high-resolution counter from one UTC
/// anchor: the producer and the consumer of a run share one clock, so their differences are
/// exact to the counter, not to the system clock's millisecond.
/// </summary>
public sealed class WallClock
{
    private readonly long _anchorUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
    private readonly long _anchor = Stopwatch.GetTimestamp();

    /// <summary>Milliseconds since the Unix epoch, now.</summary>
    public double NowMs => _anchorUnixMs + Stopwatch.GetElapsedTime(_anchor).TotalMilliseconds;
}
