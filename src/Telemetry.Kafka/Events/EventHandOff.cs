using System.Diagnostics;
using System.Numerics;
using Telemetry.Ocpp.Events;

namespace Telemetry.Kafka.Events;

/// <summary>
/// A bounded ring that carries decoded records from the thread that consumes Kafka to the
/// thread that detects on them: one writer, one reader, order kept, nothing allocated per record.
/// When the ring is full the writer waits (back-pressure on the consumer, memory bounded by
/// <see cref="Capacity"/>); when it is empty the reader waits, up to a timeout of its choosing.
/// </summary>
/// <remarks>
/// <para>
/// The writer fills a slot, then publishes it by moving <c>Written</c> with a release store; the
/// reader reads slots up to the <c>Written</c> it loaded with an acquire load, and gives them
/// back by moving <c>Read</c>, which lets the writer reuse them. Each side caches the other's
/// position and reloads it only when the ring looks full (or empty).
/// </para>
/// <para>
/// A side that has to wait sets its waiting flag, issues a full fence and looks again before it
/// blocks; the other side, after it moved its position, issues a full fence and wakes it if the
/// flag is set. Either the waiter sees the move or the mover sees the flag, so no wake-up is
/// lost. The mover clears the flag as it wakes the waiter, so one wait costs one wake-up: a
/// flag left set until the woken side ran again made every record written meanwhile signal the
/// event again (a lock and a futex call per record, the most costly step of the consuming thread).
/// Waits are short spins first, then a kernel wait.
/// </para>
/// <para>
/// A reader that is faster than its writer empties the ring again and again: woken for every
/// few dozen records, its wake-ups (a futex call on the writer, two context switches) cost more
/// than applying the records. So while the stream flows (the reader's last wait to be woken
/// ended with records), an empty ring makes the reader nap for 1 ms, up to four times, and
/// look again, without asking the writer for a wake-up; records then wait at most those naps.
/// Only a stream that stays quiet through the naps makes it wait to be woken.
/// </para>
/// <para>
/// <see cref="Close"/> (the reader has stopped for good) makes a waiting or later write throw
/// instead of blocking forever.
/// </para>
/// </remarks>
public sealed class EventHandOff : IDisposable
{
    /// <summary>
    /// Records one <see cref="Peek"/> returns at most: a reader gives them back after applying
    /// them, so a writer that found the ring full gets room again after this many, not after a
    /// whole ring's worth.
    /// </summary>
    public const int PeekLimit = 256;

    /// <summary>Slots when none is configured: a few fetches' worth, 224 KiB (56 B a slot).</summary>
    public const int DefaultCapacity = 4096;

    private static readonly TimeSpan s_writerRecheck = TimeSpan.FromMilliseconds(100);

    // Naps of 1 ms a reader of a flowing stream takes before it waits to be woken.
    private const int DozeNaps = 4;

    private readonly HandOffRecord[] _records;
    private readonly long _mask;
    private readonly ManualResetEventSlim _readable = new(initialState: false, spinCount: 0);
    private readonly ManualResetEventSlim _writable = new(initialState: false, spinCount: 0);
    private HandOffCursors _cursors;

    // The writer's last view of Read, and the reader's last view of Written.
    private long _readSeen;
    private long _writtenSeen;
    private int _readerWaiting;
    private int _writerWaiting;

    // The reader's last wait to be woken ended with records to read: the stream is flowing.
    private bool _flowing;

    // Each counted by its own side only.
    private long _writerWaits;
    private long _writerWaitTicks;
    private long _readerWakeWaits;
    private volatile bool _closed;

    /// <param name="capacity">Slots; rounded up to a power of two.</param>
    public EventHandOff(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, 1 << 24);
        Capacity = (int)BitOperations.RoundUpToPowerOf2((uint)capacity);
        _records = new HandOffRecord[Capacity];
        _mask = Capacity - 1;
    }

    public int Capacity { get; }

    /// <summary>True once <see cref="Close"/> was called.</summary>
    public bool IsClosed => _closed;

    /// <summary>Times the writer found the ring full and waited for room (the reader was behind).</summary>
    public long WriterWaits => Volatile.Read(ref _writerWaits);

    /// <summary>Time the writer spent waiting for room, in all.</summary>
    public TimeSpan WriterWaitTime => Stopwatch.GetElapsedTime(0, Volatile.Read(ref _writerWaitTicks));

    /// <summary>Times the reader found the ring empty past its spins and naps and asked the writer to wake it.</summary>
    public long ReaderWakeWaits => Volatile.Read(ref _readerWakeWaits);

    /// <summary>Records written and not yet given back by the reader (a snapshot, from any thread).</summary>
    public int Count => (int)(Volatile.Read(ref _cursors.Written) - Volatile.Read(ref _cursors.Read));

    /// <summary>Writer: hands over a decoded event; waits while the ring is full.</summary>
    /// <exception cref="InvalidOperationException">The reader closed the hand-off.</exception>
    public void WriteEvent(in TelemetryEvent e, int partition, long offset, byte[]? source) =>
        Write(in e, partition, offset, HandOffKind.Event, source);

    /// <summary>Writer: hands over a record that did not decode; waits while the ring is full.</summary>
    /// <exception cref="InvalidOperationException">The reader closed the hand-off.</exception>
    public void WriteSkipped(int partition, long offset, byte[]? source) =>
        Write(default, partition, offset, HandOffKind.Skipped, source);

    /// <summary>Writer: hands over a marker, which the reader meets after every record written before it.</summary>
    /// <exception cref="InvalidOperationException">The reader closed the hand-off.</exception>
    public void WriteMarker() => Write(default, -1, -1, HandOffKind.Marker, null);

    private void Write(in TelemetryEvent e, int partition, long offset, HandOffKind kind, byte[]? source)
    {
        ref var slot = ref NextSlot();
        slot.Event = e;
        slot.Offset = offset;
        slot.Partition = partition;
        slot.Kind = kind;
        slot.Source = source;
        Publish();
    }

    /// <summary>
    /// Reader: the records written and not yet read, in order, as far as the ring's end and at most
    /// <see cref="PeekLimit"/> (the rest come with the next call). They stay valid until <see cref="Release"/>.
    /// </summary>
    public ReadOnlySpan<HandOffRecord> Peek()
    {
        var read = _cursors.Read;
        if (_writtenSeen == read)
        {
            _writtenSeen = Volatile.Read(ref _cursors.Written);
            if (_writtenSeen == read)
            {
                return default;
            }
        }

        var start = (int)(read & _mask);
        var length = (int)Math.Min(Math.Min(_writtenSeen - read, Capacity - start), PeekLimit);
        return new ReadOnlySpan<HandOffRecord>(_records, start, length);
    }

    /// <summary>Reader: gives back the first <paramref name="count"/> records of the last <see cref="Peek"/>; wakes a waiting writer.</summary>
    public void Release(int count)
    {
        var read = _cursors.Read;
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _writtenSeen - read);
        for (var i = 0; i < count; i++)
        {
            // Drops the slot's reference at once rather than when the slot is next written.
            _records[(read + i) & _mask].Source = null;
        }

        Volatile.Write(ref _cursors.Read, read + count);
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref _writerWaiting) != 0 && Interlocked.Exchange(ref _writerWaiting, 0) != 0)
        {
            _writable.Set();
        }
    }

    /// <summary>Reader: waits up to <paramref name="timeout"/> for a record to read (napping first while the stream flows).</summary>
    /// <returns>True when one is there.</returns>
    public bool WaitToRead(TimeSpan timeout)
    {
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        var spin = new SpinWait();
        while (!spin.NextSpinWillYield)
        {
            if (HasUnread())
            {
                return true;
            }

            spin.SpinOnce();
        }

        if (_flowing)
        {
            // Records keep coming: nap and look again, without asking the writer for a wake-up.
            var naps = Math.Min(DozeNaps, deadline - Environment.TickCount64);
            for (var nap = 0; nap < naps; nap++)
            {
                Thread.Sleep(1);
                if (HasUnread())
                {
                    return true;
                }
            }
        }

        _flowing = WaitToBeWoken(deadline);
        return _flowing;
    }

    private bool WaitToBeWoken(long deadline)
    {
        _readerWakeWaits++;
        // A wake-up may be stale (the writer saw the flag of an earlier wait): wait again for the time left.
        while (true)
        {
            _readable.Reset();
            Volatile.Write(ref _readerWaiting, 1);
            Interlocked.MemoryBarrier();
            try
            {
                var left = deadline - Environment.TickCount64;
                if (HasUnread())
                {
                    return true;
                }

                if (left <= 0 || !_readable.Wait(TimeSpan.FromMilliseconds(left)))
                {
                    return HasUnread();
                }
            }
            finally
            {
                Volatile.Write(ref _readerWaiting, 0);
            }
        }
    }

    /// <summary>Reader: says that nothing will be read any more; a writer waiting for room, or writing later, gets an exception.</summary>
    public void Close()
    {
        _closed = true;
        _writable.Set();
    }

    public void Dispose()
    {
        _readable.Dispose();
        _writable.Dispose();
    }

    private ref HandOffRecord NextSlot()
    {
        var written = _cursors.Written;
        if (written - _readSeen >= Capacity)
        {
            _readSeen = Volatile.Read(ref _cursors.Read);
            if (written - _readSeen >= Capacity)
            {
                WaitForRoom(written);
            }
        }

        if (_closed)
        {
            ThrowClosed();
        }

        return ref _records[written & _mask];
    }

    private void Publish()
    {
        Volatile.Write(ref _cursors.Written, _cursors.Written + 1);
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref _readerWaiting) != 0 && Interlocked.Exchange(ref _readerWaiting, 0) != 0)
        {
            _readable.Set();
        }
    }

    private bool HasUnread() => Volatile.Read(ref _cursors.Written) != _cursors.Read;

    private bool HasRoom(long written)
    {
        _readSeen = Volatile.Read(ref _cursors.Read);
        return written - _readSeen < Capacity;
    }

    private void WaitForRoom(long written)
    {
        _writerWaits++;
        var started = Stopwatch.GetTimestamp();
        try
        {
            SpinThenBlockForRoom(written);
        }
        finally
        {
            _writerWaitTicks += Stopwatch.GetTimestamp() - started;
        }
    }

    private void SpinThenBlockForRoom(long written)
    {
        var spin = new SpinWait();
        while (!spin.NextSpinWillYield)
        {
            spin.SpinOnce();
            if (HasRoom(written))
            {
                return;
            }
        }

        while (!_closed)
        {
            _writable.Reset();
            Volatile.Write(ref _writerWaiting, 1);
            Interlocked.MemoryBarrier();
            try
            {
                if (HasRoom(written))
                {
                    return;
                }

                _writable.Wait(s_writerRecheck);
            }
            finally
            {
                Volatile.Write(ref _writerWaiting, 0);
            }
        }
    }

    private static void ThrowClosed() => throw new InvalidOperationException("The reader of the hand-off has stopped.");
}
