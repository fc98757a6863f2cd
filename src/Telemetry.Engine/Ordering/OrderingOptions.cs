namespace Telemetry.Engine.Ordering;

/// <summary>The configuration section <c>Detectors:Ordering</c>: how a partition's events are put in event-time order.</summary>
public sealed class OrderingOptions
{
    /// <summary>
    /// Events held per partition while they wait for the watermark. Beyond it the oldest is
    /// released early (counted), so a burst cannot grow memory without bound; 1M events are
    /// 40 MB, minutes of a large partition's traffic.
    /// </summary>
    public int MaxBufferedEvents { get; set; } = 1_000_000;

    public void Validate()
    {
        if (MaxBufferedEvents < 1)
        {
            throw new ArgumentException("Detectors:Ordering:MaxBufferedEvents must be at least 1.");
        }
    }
}
