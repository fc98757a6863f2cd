namespace Telemetry.Engine.Windows;

/// <summary>
/// The last <see cref="Capacity"/> times of one kind of occurrence for one charger, in a fixed
/// ring inside the charger's state: counting within a sliding window needs no list and no
/// allocation. Times are added in non-decreasing order (detectors clamp reordered events).
/// </summary>
internal struct RecentTimes
{
    /// <summary>Largest threshold a detector may count up to; 16 × 8 bytes per charger and kind.</summary>
    public const int Capacity = 16;

    private TimeBuffer _times;
    private int _next;
    private int _count;

    public void Add(long t)
    {
        _times[_next] = t;
        _next = (_next + 1) % Capacity;
        if (_count < Capacity)
        {
            _count++;
        }
    }

    /// <summary>How many kept times are later than <paramref name="afterMs"/>, and the earliest of them.</summary>
    public readonly int CountAfter(long afterMs, out long firstMs)
    {
        var n = 0;
        firstMs = long.MaxValue;
        for (var i = 1; i <= _count; i++)
        {
            // Newest first: stop at the first time outside the window, the older ones are too.
            var t = _times[(_next - i + Capacity) % Capacity];
            if (t <= afterMs)
            {
                break;
            }

            n++;
            firstMs = t;
        }

        return n;
    }
}
