namespace Telemetry.Engine.Alarms;

/// <summary>
/// Occurrences per UTC day over the last <see cref="Days"/> days, in a fixed ring: a 7-day count
/// however many occurrences there were, in 24 bytes. Times are added in non-decreasing order.
/// </summary>
internal struct DayCounts
{
    /// <summary>Days kept: the 7 of a week and one spare, so the ring index is a mask.</summary>
    public const int Days = 8;

    private const int WeekDays = 7;
    private const long DayMs = 86_400_000;

    private DayCountBuffer _counts;
    private long _lastDay;

    public void Add(long t)
    {
        var day = t / DayMs;
        if (day > _lastDay)
        {
            // Zero the days skipped since the last occurrence; the ring holds at most Days of them.
            var skipped = Math.Min(day - _lastDay, Days);
            for (var k = 1; k <= skipped; k++)
            {
                _counts[(int)((_lastDay + k) % Days)] = 0;
            }

            _lastDay = day;
        }

        ref var count = ref _counts[(int)(day % Days)];
        if (count < ushort.MaxValue)
        {
            count++;
        }
    }

    /// <summary>Occurrences on the UTC day of <paramref name="t"/> and the 6 days before it.</summary>
    public readonly int CountWeek(long t)
    {
        var day = t / DayMs;
        var first = Math.Max(day - WeekDays + 1, _lastDay - Days + 1);
        var n = 0;
        for (var d = first; d <= Math.Min(day, _lastDay); d++)
        {
            n += _counts[(int)(d % Days)];
        }

        return n;
    }
}
