using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using Telemetry.Engine.Checkpoints;
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
/// arrivals go to a binary heap. Release merges the two heads; with the heap empty (the usual
/// case) it walks the ring alone, comparing each head with the watermark only. The ring keeps
/// events and their arrival numbers in two arrays, so a release reads 32 bytes per event and
/// an arrival writes them once. Both grow by doubling up to
/// <see cref="OrderingOptions.MaxBufferedEvents"/> and then stay: no allocation in steady state.
/// When full, the oldest event is released before the watermark reaches it (counted in
/// <see cref="ForcedReleases"/>), and events older than it become late, keeping release order.
/// </remarks>
public sealed class EventReorderBuffer : ICheckpointState
{
    // A power of two, kept by doubling: ring positions wrap with a mask.
    private const int InitialCapacity = 1024;

    /// <summary>Version of what <see cref="WriteTo"/> writes; bumped when the layout changes.</summary>
    public const ushort FormatVersion = 1;

    private readonly long _latenessMs;
    private readonly int _maxBuffered;
    private TelemetryEvent[] _ring = new TelemetryEvent[InitialCapacity];
    private long[] _ringSequence = new long[InitialCapacity];
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

        if (t >= _lastAppendedMs)
        {
            PushRing(e, _sequence++);
            _lastAppendedMs = t;
        }
        else
        {
            PushHeap(new Entry { Event = e, Sequence = _sequence++ });
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
        while (_heapCount == 0 && _ringCount > 0)
        {
            ref readonly var head = ref _ring[_ringHead];
            if (head.TimestampMs > watermark)
            {
                if (_ringCount <= _maxBuffered)
                {
                    return;
                }

                ForcedReleases++;
            }

            // Sinks only detect: nothing is added while an event is handed out, so its slot stays as it is.
            _ringHead = (_ringHead + 1) & (_ring.Length - 1);
            _ringCount--;
            _releasedMs = head.TimestampMs;
            sink.OnOrderedEvent(head);
        }

        while (Count > 0)
        {
            var fromRing = NextIsInRing();
            var time = fromRing ? _ring[_ringHead].TimestampMs : _heap[0].Event.TimestampMs;
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

    /// <summary>
    /// Writes what the buffer holds and where its stream stands (events held, arrival numbers,
    /// latest, released and watermark times, counters) after a <see cref="CheckpointSection.ReorderBuffer"/> header.
    /// </summary>
    public void WriteTo(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        Write(new CheckpointWriter(output));
    }

    /// <summary>As <see cref="WriteTo(IBufferWriter{byte})"/>, noting the held events' charger ids and text codes in <paramref name="ids"/>.</summary>
    public void WriteTo(CheckpointWriter writer, CheckpointIds ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        for (var i = 0; i < _ringCount; i++)
        {
            ref readonly var e = ref _ring[(_ringHead + i) & (_ring.Length - 1)];
            ids.Charger(e.Charger);
            ids.Text(e.TextCode);
        }

        foreach (ref readonly var entry in _heap.AsSpan(0, _heapCount))
        {
            ids.Charger(entry.Event.Charger);
            ids.Text(entry.Event.TextCode);
        }

        Write(writer);
    }

    /// <summary>As <see cref="RestoreFrom(ref CheckpointReader)"/>, giving the held events their current charger ids and text codes.</summary>
    public void RestoreFrom(ref CheckpointReader reader, CheckpointIdMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        RestoreFrom(ref reader);
        foreach (ref var e in _ring.AsSpan(0, _ringCount))
        {
            e.Charger = map.Charger(e.Charger);
            e.TextCode = map.Text(e.TextCode);
        }

        foreach (ref var entry in _heap.AsSpan(0, _heapCount))
        {
            entry.Event.Charger = map.Charger(entry.Event.Charger);
            entry.Event.TextCode = map.Text(entry.Event.TextCode);
        }
    }

    private void Write(CheckpointWriter writer)
    {
        writer.Header(CheckpointSection.ReorderBuffer, FormatVersion);
        writer.Value(_latenessMs);
        writer.Value(_sequence);
        writer.Value(_latestMs);
        writer.Value(_lastAppendedMs);
        writer.Value(_releasedMs);
        writer.Value(LateEvents);
        writer.Value(ForcedReleases);

        // The ring in release order: from its head to the array's end, then the wrapped part.
        var first = Math.Min(_ringCount, _ring.Length - _ringHead);
        writer.Count(_ringCount);
        writer.Structs<TelemetryEvent>(_ring.AsSpan(_ringHead, first));
        writer.Structs<TelemetryEvent>(_ring.AsSpan(0, _ringCount - first));
        writer.Structs<long>(_ringSequence.AsSpan(_ringHead, first));
        writer.Structs<long>(_ringSequence.AsSpan(0, _ringCount - first));
        writer.Count(_heapCount);
        writer.Structs<Entry>(_heap.AsSpan(0, _heapCount));
    }

    /// <summary>
    /// Replaces this buffer's state with what <see cref="WriteTo"/> wrote: later events are
    /// ordered, refused as late and released exactly as by the buffer that wrote it.
    /// </summary>
    /// <exception cref="InvalidDataException">Not a reorder-buffer checkpoint of this format, cut short, or written with another allowed lateness.</exception>
    public void RestoreFrom(ref CheckpointReader reader)
    {
        reader.Header(CheckpointSection.ReorderBuffer, FormatVersion);
        var latenessMs = reader.Value();
        if (latenessMs != _latenessMs)
        {
            throw new InvalidDataException($"Checkpoint was written with an allowed lateness of {latenessMs} ms; this buffer allows {_latenessMs} ms.");
        }

        var sequence = reader.Value();
        var latestMs = reader.Value();
        var lastAppendedMs = reader.Value();
        var releasedMs = reader.Value();
        var lateEvents = reader.Value();
        var forcedReleases = reader.Value();
        var ringCount = HeldCount(ref reader);
        var ring = new TelemetryEvent[Capacity(ringCount)];
        var ringSequence = new long[ring.Length];
        reader.Structs(ring.AsSpan(0, ringCount));
        reader.Structs(ringSequence.AsSpan(0, ringCount));
        var heapCount = HeldCount(ref reader);
        var heap = new Entry[Capacity(heapCount)];
        reader.Structs(heap.AsSpan(0, heapCount));

        // Assigned only once everything has been read: a refused checkpoint leaves the buffer as it was.
        _sequence = sequence;
        _latestMs = latestMs;
        _lastAppendedMs = lastAppendedMs;
        _releasedMs = releasedMs;
        LateEvents = lateEvents;
        ForcedReleases = forcedReleases;
        _ring = ring;
        _ringSequence = ringSequence;
        _ringHead = 0;
        _ringCount = ringCount;
        _heap = heap;
        _heapCount = heapCount;
    }

    private static int HeldCount(ref CheckpointReader reader)
    {
        var count = reader.Count();
        if (count < 0 || count > reader.Remaining)
        {
            throw new InvalidDataException($"Checkpoint of {CheckpointSection.ReorderBuffer} is corrupt: it claims {count} held events.");
        }

        return count;
    }

    /// <summary>The power of two, at least the initial capacity, that holds <paramref name="count"/> entries.</summary>
    private static int Capacity(int count) => (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(InitialCapacity, count));

    private void Emit<TSink>(bool fromRing, ref TSink sink)
        where TSink : struct, IOrderedEventSink
    {
        var e = fromRing ? PopRing() : PopHeap().Event;
        _releasedMs = e.TimestampMs;
        sink.OnOrderedEvent(e);
    }

    private bool NextIsInRing()
    {
        if (_heapCount == 0)
        {
            return true;
        }

        if (_ringCount == 0)
        {
            return false;
        }

        ref readonly var top = ref _heap[0];
        var t = _ring[_ringHead].TimestampMs;
        return t < top.Event.TimestampMs || (t == top.Event.TimestampMs && _ringSequence[_ringHead] < top.Sequence);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Precedes(in Entry a, in Entry b) =>
        a.Event.TimestampMs < b.Event.TimestampMs || (a.Event.TimestampMs == b.Event.TimestampMs && a.Sequence < b.Sequence);

    private void PushRing(in TelemetryEvent e, long sequence)
    {
        if (_ringCount == _ring.Length)
        {
            var grown = new TelemetryEvent[_ring.Length * 2];
            var grownSequence = new long[_ring.Length * 2];
            for (var i = 0; i < _ringCount; i++)
            {
                var from = (_ringHead + i) & (_ring.Length - 1);
                grown[i] = _ring[from];
                grownSequence[i] = _ringSequence[from];
            }

            _ring = grown;
            _ringSequence = grownSequence;
            _ringHead = 0;
        }

        var at = (_ringHead + _ringCount) & (_ring.Length - 1);
        _ring[at] = e;
        _ringSequence[at] = sequence;
        _ringCount++;
    }

    private TelemetryEvent PopRing()
    {
        var e = _ring[_ringHead];
        _ringHead = (_ringHead + 1) & (_ring.Length - 1);
        _ringCount--;
        return e;
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
