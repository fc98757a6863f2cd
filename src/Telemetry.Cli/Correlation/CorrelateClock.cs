namespace Telemetry.Cli.Correlation;

/// <summary>
/// The wall clock of one decisions partition: how far its correlator may be released when some
/// events sources fall silent. A live source's watermark trails the wall clock by
/// <c>lag</c> (the publisher's hold-back plus one watermark interval); a source heard from
/// within the interval plus <c>maxDelay</c> keeps its own watermark; a silent one is taken to be
/// at least at wall clock − lag − <c>maxDelay</c>, where it would be had it stayed live. The
/// release time is the lowest of these.
/// </summary>
/// <remarks>
/// Only while caught up with the decisions partition (a correlator reading a backlog waits for
/// its records) and only for live input: when the newest watermark arrived more than lag +
/// <c>maxDelay</c> after its time (a capture fed through Kafka after the fact), nothing moves,
/// so such a run gives the answers of a replay. Times are <see cref="TimeProvider"/>
/// timestamps; wall-clock UTC is derived from one anchor taken at construction.
/// </remarks>
internal sealed class CorrelateClock
{
    private readonly TimeProvider _time;
    private readonly long _anchorUtcMs;
    private readonly long _anchor;
    private readonly long _lagMs;
    private readonly long _maxDelayMs;
    private readonly TimeSpan _silentAfter;
    private readonly long[] _heard;
    private long _newestWatermarkMs = long.MinValue;
    private long _newestArrival;

    /// <param name="sources">Partition count of the events topic.</param>
    /// <param name="lag">How far behind the wall clock a live source's watermark is.</param>
    /// <param name="interval">The watermark interval: a live idle source is heard from at least this often.</param>
    public CorrelateClock(TimeProvider time, int sources, TimeSpan lag, TimeSpan interval, TimeSpan maxDelay)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(sources, 1);
        _time = time;
        _anchorUtcMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        _anchor = time.GetTimestamp();
        _lagMs = (long)lag.TotalMilliseconds;
        _maxDelayMs = (long)maxDelay.TotalMilliseconds;
        _silentAfter = interval + maxDelay;
        // Silence counts from the start: a source never heard from is silent only after as long.
        _heard = new long[sources];
        Array.Fill(_heard, _anchor);
    }

    /// <summary>True when the newest watermark read arrived within lag + max delay of its time.</summary>
    public bool IsLive => _newestWatermarkMs != long.MinValue && UtcMs(_newestArrival) - _newestWatermarkMs <= _lagMs + _maxDelayMs;

    /// <summary>Notes a record of <paramref name="source"/>.</summary>
    public void OnRecord(int source) => _heard[source] = _time.GetTimestamp();

    /// <summary>Notes a watermark record of <paramref name="source"/>.</summary>
    public void OnWatermark(int source, long watermarkMs)
    {
        var now = _time.GetTimestamp();
        _heard[source] = now;
        if (watermarkMs > _newestWatermarkMs)
        {
            _newestWatermarkMs = watermarkMs;
            _newestArrival = now;
        }
    }

    /// <summary>True when a source has been silent long enough for the wall clock to stand in for it.</summary>
    public bool AnySilent()
    {
        var now = _time.GetTimestamp();
        foreach (var heard in _heard)
        {
            if (_time.GetElapsedTime(heard, now) > _silentAfter)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The time the partition may be released to now, given the sources'
    /// <paramref name="watermarks"/>; <see cref="long.MinValue"/> when the wall clock must not
    /// move it (not caught up, input not live, no source silent).
    /// </summary>
    public long ReleaseTimeMs(ReadOnlySpan<long> watermarks, bool caughtUp)
    {
        if (!caughtUp || !IsLive || !AnySilent())
        {
            return long.MinValue;
        }

        var now = _time.GetTimestamp();
        var floor = UtcMs(now) - _lagMs - _maxDelayMs;
        var lowest = long.MaxValue;
        for (var source = 0; source < watermarks.Length; source++)
        {
            var watermark = watermarks[source];
            if (_time.GetElapsedTime(_heard[source], now) > _silentAfter)
            {
                watermark = Math.Max(watermark, floor);
            }

            lowest = Math.Min(lowest, watermark);
        }

        return lowest;
    }

    private long UtcMs(long timestamp) => _anchorUtcMs + (long)_time.GetElapsedTime(_anchor, timestamp).TotalMilliseconds;
}
