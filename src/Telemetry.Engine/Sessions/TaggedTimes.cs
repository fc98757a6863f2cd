using Telemetry.Engine.Windows;

namespace Telemetry.Engine.Sessions;

/// <summary>
/// The last <see cref="Capacity"/> outcomes of one port or charger, each a time and a small tag
/// (e.g. success, failed start, early termination), in a fixed ring inside the owner's state.
/// Counting by tag within a sliding window needs no list and no allocation. Times are added in
/// non-decreasing order (detectors clamp reordered events).
/// </summary>
internal struct TaggedTimes
{
    /// <summary>Outcomes kept; a window holding more is judged on its latest <see cref="Capacity"/>.</summary>
    public const int Capacity = RecentTimes.Capacity;

    /// <summary>Tags are 0 to 3, kept in the two low bits beside the time.</summary>
    public const int MaxTag = 3;

    private const int TagBits = 2;
    private const long TagMask = (1 << TagBits) - 1;

    private TimeBuffer _entries;
    private int _next;
    private int _count;

    public void Add(long t, int tag)
    {
        _entries[_next] = (t << TagBits) | (tag & TagMask);
        _next = (_next + 1) % Capacity;
        if (_count < Capacity)
        {
            _count++;
        }
    }

    /// <summary>
    /// Counts the kept outcomes later than <paramref name="afterMs"/> by tag; the earliest time
    /// of a tag in <paramref name="firstTag"/>'s set (bit per tag) is returned in <paramref name="firstMs"/>.
    /// </summary>
    public readonly TagCounts CountAfter(long afterMs, int firstTagMask, out long firstMs)
    {
        var counts = default(TagCounts);
        firstMs = long.MaxValue;
        for (var i = 1; i <= _count; i++)
        {
            // Newest first: stop at the first outcome outside the window, the older ones are too.
            var entry = _entries[(_next - i + Capacity) % Capacity];
            var t = entry >> TagBits;
            if (t <= afterMs)
            {
                break;
            }

            var tag = (int)(entry & TagMask);
            counts.Add(tag);
            if ((firstTagMask & (1 << tag)) != 0)
            {
                firstMs = t;
            }
        }

        return counts;
    }
}
