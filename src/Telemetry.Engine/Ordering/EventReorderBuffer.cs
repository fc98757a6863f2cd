using System.Runtime.CompilerServices;
using Telemetry.Ocpp.Events;

namespace Telemetry.Engine.Ordering;

/// <summary>
/// Puts one partition's events back in event-time order (DESIGN §3): an event is held until the
/// watermark (latest event time − allowed lateness) passes it, then released in (time, arrival)
/// order, so detectors see the same sequence whether the input came in order or shuffled within
/// the lateness. An event older than what was already released is late: refused and counted,
/// for the caller to route.
/// </summary>
/// <remarks>
/// Most input arrives in order (a tap is written as the CSMS sees frames), so arrivals at or
/// after the last one go to a ring buffer, sorted by construction, at O(1); only out-of-order
/// arrivals go to a binary heap. Release merges the two heads. Both grow by doubling up to
/// <see cref="OrderingOptions.MaxBufferedEvents"/> and then stay: no allocation in steady state.
/// When full, the oldest event is released before the watermark reaches it (counted in
/// <see cref="ForcedReleases"/>), and events older than it become late, keeping release order.
/// </remarks>
public sealed class EventReorderBuffer
{
    // A power of two, kept by doubling: ring positions wrap with a mask.
    private const int InitialCapacity = 1024;

    private readonly long _latenessMs;
    private readonly int _maxBuffered;
    private Entry[] _ring = new Entry[InitialCapacity];
    private int _ringHead;
    private int _ringCount;
    private Entry[] _heap = new Entry[InitialCapacity];
    private int _heapCount;
    private long _sequence;
    private long _latestMs = long.MinValue;
    private long _lastAppendedMs = long.MinValue;
    private long _releasedMs = long.MinValue;

    public EventReorderBuffer(TimeSpan allowedLateness, OrderingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(allowedLateness, TimeSpan.Zero);
        _latenessMs = (long)allowedLateness.TotalMilliseconds;
        _maxBuffered = options.MaxBufferedEvents;
    }

    /// <summary>Latest event time − allowed lateness; <see cref="long.MinValue"/> before the first event.</summary>
    public long WatermarkMs => _latestMs == long.MinValue ? long.MinValue : _latestMs - _latenessMs;

    /// <summary>Events held now.</summary>
    public int Count => _ringCount + _heapCount;

    /// <summary>Events refused because they were older than what had been released.</summary>
    public long LateEvents { get; private set; }

    /// <summary>Events released before the watermark passed them because the buffer was full.</summary>
    public long ForcedReleases { get; private set; }

    /// <summary>
    /// Holds <paramref name="e"/> for release in order; false when it is late (older than the
    /// watermark or than an event already released), in which case nothing is held.
    /// </summary>
    public bool TryAdd(in TelemetryEvent e)
    {
        var t = e.TimestampMs;
        if (t < Math.Max(WatermarkMs, _releasedMs))
        {
            LateEvents++;
            return false;
        }

        var entry = new Entry { Event = e, Sequence = _sequence++ };
        if (t >= _lastAppendedMs)
        {
            PushRing(entry);
            _lastAppendedMs = t;
        }
        else
        {
            PushHeap(entry);
        }

        if (t > _latestMs)
        {
            _latestMs = t;
        }

        return true;
    }

    /// <summary>
    /// Moves the latest time to <paramref name="timeMs"/> without an event (a live partition's
    /// wall clock while no event arrives): the watermark follows, <see cref="Release"/> hands out
    /// what it passed, and older events become late. Never moves back.
    /// </summary>
    public void AdvanceTo(long timeMs)
    {
        if (timeMs > _latestMs)
        {
            _latestMs = timeMs;
        }
    }

    /// <summary>Hands <paramref name="sink"/>, in order, every held event the watermark has passed (and the oldest beyond capacity).</summary>
    public void Release<TSink>(ref TSink sink)
        where TSink : struct, IOrderedEventSink
    {
        var watermark = WatermarkMs;
        while (Count > 0)
        {
            var fromRing = NextIsInRing();
            var time = fromRing ? _ring[_ringHead].Event.TimestampMs : _heap[0].Event.TimestampMs;
            if (time > watermark)
            {
                if (Count <= _maxBuffered)
                {
                    return;
                }

                ForcedReleases++;
            }

            Emit(fromRing, ref sink);
        }
    }

    /// <summary>Hands <paramref name="sink"/> every held event in order: the input has ended.</summary>
    public void ReleaseAll<TSink>(ref TSink sink)
        where TSink : struct, IOrderedEventSink
    {
        while (Count > 0)
        {
            Emit(NextIsInRing(), ref sink);
        }
    }

    private void Emit<TSink>(bool fromRing, ref TSink sink)
        where TSink : struct, IOrderedEventSink
    {
        var entry = fromRing ? PopRing() : PopHeap();
        _releasedMs = entry.Event.TimestampMs;
        sink.OnOrderedEvent(entry.Event);
    }

    private bool NextIsInRing()
    {
        if (_heapCount == 0)
        {
            return true;
        }

        return _ringCount > 0 && Precedes(_ring[_ringHead], _heap[0]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Precedes(in Entry a, in Entry b) =>
        a.Event.TimestampMs < b.Event.TimestampMs || (a.Event.TimestampMs == b.Event.TimestampMs && a.Sequence < b.Sequence);

    private void PushRing(in Entry entry)
    {
        if (_ringCount == _ring.Length)
        {
            var grown = new Entry[_ring.Length * 2];
            for (var i = 0; i < _ringCount; i++)
            {
                grown[i] = _ring[(_ringHead + i) & (_ring.Length - 1)];
            }

            _ring = grown;
            _ringHead = 0;
        }

        _ring[(_ringHead + _ringCount) & (_ring.Length - 1)] = entry;
        _ringCount++;
    }

    private Entry PopRing()
    {
        var entry = _ring[_ringHead];
        _ringHead = (_ringHead + 1) & (_ring.Length - 1);
        _ringCount--;
        return entry;
    }

    private void PushHeap(in Entry entry)
    {
        if (_heapCount == _heap.Length)
        {
            Array.Resize(ref _heap, _heap.Length * 2);
        }

        var i = _heapCount++;
        while (i > 0)
        {
            var parent = (i - 1) / 2;
            if (!Precedes(entry, _heap[parent]))
            {
                break;
            }

            _heap[i] = _heap[parent];
            i = parent;
        }

        _heap[i] = entry;
    }

    private Entry PopHeap()
    {
        var top = _heap[0];
        var last = _heap[--_heapCount];
        var i = 0;
        while (true)
        {
            var child = (2 * i) + 1;
            if (child >= _heapCount)
            {
                break;
            }

            if (child + 1 < _heapCount && Precedes(_heap[child + 1], _heap[child]))
            {
                child++;
            }

            if (!Precedes(_heap[child], last))
            {
                break;
            }

            _heap[i] = _heap[child];
            i = child;
        }

        if (_heapCount > 0)
        {
            _heap[i] = last;
        }

        return top;
    }

    private struct Entry
    {
        public TelemetryEvent Event;
        public long Sequence;
    }
}
