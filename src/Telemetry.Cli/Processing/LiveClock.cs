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
/// timers must wait for its events. Times are <see cref="TimeProvider"/> timestamps.
/// </remarks>
internal sealed class LiveClock(TimeProvider time)
{
    private long _latestEventMs = long.MinValue;
    private long _latestArrival;
    private long _caughtUpSince = -1;

    /// <summary>The latest event time seen; <see cref="long.MinValue"/> before the first event.</summary>
    public long LatestEventMs => _latestEventMs;

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

        if (_latestEventMs == long.MinValue)
        {
            return long.MinValue;
        }

        var since = Math.Max(Math.Max(_latestArrival, _caughtUpSince), lastDisturbance);
        return _latestEventMs + (long)time.GetElapsedTime(since, now).TotalMilliseconds;
    }
}
