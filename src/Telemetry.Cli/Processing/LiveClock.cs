namespace Telemetry.Cli.Processing;

/// <summary>
/// The wall clock of one partition while live: how far its stream time may move while no event
/// arrives. Stream time = latest event time + wall time elapsed since the later of (that event's
/// arrival, the moment the partition was last seen caught up with its high watermark, the last
/// client error); the detectors subtract the allowed lateness as for an event.
/// </summary>
/// <remarks>
/// Only while caught up: a partition reading a backlog, or whose broker is unreachable (cached
/// watermarks may then be stale, so errors restart the count), is not idle but behind, and its
/// timers must wait for its events. And only for live traffic: when the latest event arrived
/// more than <c>maxDelay</c> after its event time (a capture or an old backlog fed through
/// Kafka), time stays event time, so such a run gives the answers of a replay.
/// Times are <see cref="TimeProvider"/> timestamps; wall-clock UTC is derived from one anchor
/// taken at construction, so no clock is read per event beyond the timestamp.
/// </remarks>
internal sealed class LiveClock(TimeProvider time, TimeSpan maxDelay)
{
    private readonly long _anchorUtcMs = time.GetUtcNow().ToUnixTimeMilliseconds();
    private readonly long _anchor = time.GetTimestamp();
    private readonly long _maxDelayMs = (long)maxDelay.TotalMilliseconds;
    private long _latestEventMs = long.MinValue;
    private long _latestArrival;
    private long _caughtUpSince = -1;

    /// <summary>The latest event time seen; <see cref="long.MinValue"/> before the first event.</summary>
    public long LatestEventMs => _latestEventMs;

    /// <summary>True when the latest event arrived within the allowed delay of its event time.</summary>
    public bool IsLive =>
        _latestEventMs != long.MinValue
        && _anchorUtcMs + (long)time.GetElapsedTime(_anchor, _latestArrival).TotalMilliseconds - _latestEventMs <= _maxDelayMs;

    /// <summary>Notes an applied event that arrived at <paramref name="arrival"/>.</summary>
    public void OnEvent(long eventMs, long arrival)
    {
        if (eventMs > _latestEventMs)
        {
            _latestEventMs = eventMs;
            _latestArrival = arrival;
        }
    }

    /// <summary>
    /// The stream time the partition may move to at <paramref name="now"/>, or
    /// <see cref="long.MinValue"/> when it must not move (not caught up, or no event yet).
    /// </summary>
    /// <param name="lastDisturbance">Timestamp of the last client error seen, or 0.</param>
    public long StreamTimeMs(bool caughtUp, long now, long lastDisturbance)
    {
        if (!caughtUp)
        {
            _caughtUpSince = -1;
            return long.MinValue;
        }

        if (_caughtUpSince < 0)
        {
            _caughtUpSince = now;
        }

        if (_latestEventMs == long.MinValue || !IsLive)
        {
            return long.MinValue;
        }

        var since = Math.Max(Math.Max(_latestArrival, _caughtUpSince), lastDisturbance);
        return _latestEventMs + (long)time.GetElapsedTime(since, now).TotalMilliseconds;
    }
}
