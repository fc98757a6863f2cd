using Telemetry.Engine.Checkpoints;

namespace Telemetry.Engine.Rollups;

/// <summary>
/// Times of one kind of occurrence (unplanned boots, failed sessions, comms drops) kept as long as
/// the health score can still look back at them; added in non-decreasing order.
/// </summary>
internal sealed class RecentMarks
{
    private readonly List<long> _times = [];

    public void Add(long t, long keepAfterMs)
    {
        // Minutes close a few heartbeat intervals behind the events: twice the window is ample.
        if (_times.Count > 0 && _times[0] <= keepAfterMs)
        {
            _times.RemoveAll(x => x <= keepAfterMs);
        }

        _times.Add(t);
    }

    /// <summary>True when a kept time lies in (<paramref name="afterMs"/>, <paramref name="untilMs"/>].</summary>
    public bool Any(long afterMs, long untilMs)
    {
        for (var i = _times.Count - 1; i >= 0; i--)
        {
            var t = _times[i];
            if (t <= afterMs)
            {
                return false;
            }

            if (t <= untilMs)
            {
                return true;
            }
        }

        return false;
    }

    public void WriteTo(CheckpointWriter writer)
    {
        writer.Count(_times.Count);
        writer.Structs<long>(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_times));
    }

    /// <summary>Adds the marks <see cref="WriteTo"/> wrote to this empty list.</summary>
    public void RestoreFrom(ref CheckpointReader reader)
    {
        var count = reader.Count(sizeof(long));
        for (var i = 0; i < count; i++)
        {
            _times.Add(reader.Value());
        }
    }
}
