using Telemetry.Kafka.Events;
using Telemetry.Ocpp.Events;
using Telemetry.Testing;

namespace Telemetry.Kafka.Tests.Events;

/// <summary><see cref="EventHandOff"/>: order, bound, back-pressure, closing and allocation.</summary>
public class EventHandOffTests
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 4)]
    [InlineData(4096, 4096)]
    [InlineData(5000, 8192)]
    public void Capacity_IsRoundedUpToAPowerOfTwo_WhenGivenAnyCount(int asked, int expected)
    {
        using var handOff = new EventHandOff(asked);

        Assert.Equal(expected, handOff.Capacity);
    }

    [Fact]
    public void Peek_ReturnsEveryKindInWriteOrder_WhenWrittenBeforeRead()
    {
        using var handOff = new EventHandOff(8);
        var source = new byte[] { 1, 2, 3 };
        handOff.WriteEvent(Event(7), partition: 2, offset: 10, source);
        handOff.WriteSkipped(partition: 1, offset: 11, source: null);
        handOff.WriteMarker();

        var records = handOff.Peek();

        Assert.Equal(3, records.Length);
        Assert.Equal(HandOffKind.Event, records[0].Kind);
        Assert.Equal(7, records[0].Event.Charger);
        Assert.Equal(2, records[0].Partition);
        Assert.Equal(10, records[0].Offset);
        Assert.Same(source, records[0].Source);
        Assert.Equal(HandOffKind.Skipped, records[1].Kind);
        Assert.Equal(1, records[1].Partition);
        Assert.Equal(11, records[1].Offset);
        Assert.Equal(HandOffKind.Marker, records[2].Kind);
        Assert.Equal(3, handOff.Count);
    }

    [Fact]
    public void Peek_StopsAtTheRingsEnd_AndContinuesFromItsStart()
    {
        using var handOff = new EventHandOff(4);
        for (var i = 0; i < 3; i++)
        {
            handOff.WriteEvent(Event(i), 0, i, null);
        }

        handOff.Release(handOff.Peek().Length);
        for (var i = 3; i < 6; i++)
        {
            handOff.WriteEvent(Event(i), 0, i, null);
        }

        var first = handOff.Peek();
        Assert.Equal(1, first.Length);
        Assert.Equal(3, first[0].Offset);
        handOff.Release(1);
        var second = handOff.Peek();
        Assert.Equal(2, second.Length);
        Assert.Equal(4, second[0].Offset);
        Assert.Equal(5, second[1].Offset);
    }

    [Fact]
    public void Peek_ReturnsAtMostThePeekLimit_WhenMoreAreWritten()
    {
        using var handOff = new EventHandOff(EventHandOff.PeekLimit * 4);
        for (var i = 0; i < EventHandOff.PeekLimit + 3; i++)
        {
            handOff.WriteEvent(Event(i), 0, i, null);
        }

        Assert.Equal(EventHandOff.PeekLimit, handOff.Peek().Length);
        handOff.Release(EventHandOff.PeekLimit);
        var rest = handOff.Peek();
        Assert.Equal(3, rest.Length);
        Assert.Equal(EventHandOff.PeekLimit, rest[0].Offset);
    }

    [Fact]
    public void Release_GivesBackOnlyTheCountedRecords_WhenFewerThanPeeked()
    {
        using var handOff = new EventHandOff(8);
        for (var i = 0; i < 4; i++)
        {
            handOff.WriteEvent(Event(i), 0, i, null);
        }

        handOff.Release(handOff.Peek()[..1].Length);

        var rest = handOff.Peek();
        Assert.Equal(3, rest.Length);
        Assert.Equal(1, rest[0].Offset);
        Assert.Throws<ArgumentOutOfRangeException>(() => handOff.Release(4));
    }

    [Fact]
    public void Release_InSteps_GivesRoomToTheWriter_WhileTheRestOfThePeekStaysReadable()
    {
        using var handOff = new EventHandOff(4);
        for (var i = 0; i < 4; i++)
        {
            handOff.WriteEvent(Event(i), 0, i, null);
        }

        var records = handOff.Peek();
        handOff.Release(2);
        handOff.WriteEvent(Event(4), 0, 4, null);
        handOff.WriteEvent(Event(5), 0, 5, null);

        Assert.Equal(2, records[2].Offset);
        Assert.Equal(3, records[3].Offset);
        handOff.Release(2);
        var next = handOff.Peek();
        Assert.Equal(2, next.Length);
        Assert.Equal(4, next[0].Offset);
        Assert.Equal(5, next[1].Offset);
    }

    [Fact]
    public void WaitToRead_ReturnsFalse_WhenNothingIsWritten()
    {
        using var handOff = new EventHandOff(4);

        Assert.False(handOff.WaitToRead(TimeSpan.FromMilliseconds(5)));
        Assert.True(handOff.Peek().IsEmpty);
    }

    [Fact]
    public void ReaderWakeWaits_CountsWaitsToBeWoken_AndNotRecordsFoundAtOnce()
    {
        using var handOff = new EventHandOff(4);
        handOff.WriteEvent(Event(1), 0, 0, null);
        Assert.True(handOff.WaitToRead(TimeSpan.FromMilliseconds(5)));
        Assert.Equal(0, handOff.ReaderWakeWaits);
        handOff.Release(handOff.Peek().Length);

        Assert.False(handOff.WaitToRead(TimeSpan.FromMilliseconds(5)));

        Assert.Equal(1, handOff.ReaderWakeWaits);
        Assert.Equal(0, handOff.WriterWaits);
    }

    [Fact]
    public async Task WriterWaits_CountsAWaitForRoom_WhenTheRingIsFull()
    {
        using var handOff = new EventHandOff(1);
        handOff.WriteEvent(Event(1), 0, 0, null);
        Assert.Equal(0, handOff.WriterWaits);
        var writer = Task.Factory.StartNew(
            () => handOff.WriteEvent(Event(2), 0, 1, null),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

        Assert.True(SpinWait.SpinUntil(() => handOff.WriterWaits == 1, s_patience), "the writer did not wait for room");
        Assert.False(writer.IsCompleted);
        handOff.Release(handOff.Peek().Length);
        await writer.WaitAsync(s_patience);

        Assert.Equal(1, handOff.WriterWaits);
        Assert.Equal(1, Assert.Single(handOff.Peek().ToArray()).Offset);
    }

    [Fact]
    public async Task WaitToRead_ReturnsFalse_WhenAFlowingStreamStops()
    {
        using var handOff = new EventHandOff(4);
        await WakeTheReaderWithOneRecord(handOff);

        // The stream now flows: the reader naps before it waits to be woken, and still times out.
        Assert.False(handOff.WaitToRead(TimeSpan.FromMilliseconds(20)));
        Assert.True(handOff.Peek().IsEmpty);
    }

    [Fact]
    public async Task WaitToRead_SeesEveryRecord_WhenTheyComeOneAtATimeWhileTheReaderNaps()
    {
        const int Records = 50;
        using var handOff = new EventHandOff(4);
        await WakeTheReaderWithOneRecord(handOff);
        using var released = new SemaphoreSlim(0);
        var writer = Task.Factory.StartNew(
            () =>
            {
                for (var i = 0; i < Records; i++)
                {
                    handOff.WriteEvent(Event(i), 0, i, null);
                    Assert.True(released.Wait(s_patience));
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

        for (var i = 0; i < Records; i++)
        {
            Assert.True(handOff.WaitToRead(s_patience), "a record written while the reader napped was not seen");
            var records = handOff.Peek();
            Assert.Equal(i, Assert.Single(records.ToArray()).Offset);
            handOff.Release(1);
            released.Release();
        }

        await writer.WaitAsync(s_patience);
    }

    /// <summary>Makes the reader wait to be woken and wakes it with one record (offset -1), which it reads: its stream flows.</summary>
    private static async Task WakeTheReaderWithOneRecord(EventHandOff handOff)
    {
        var writer = Task.Factory.StartNew(
            () =>
            {
                // The record comes once the reader has given up spinning and is waiting to be woken.
                Thread.Sleep(50);
                handOff.WriteEvent(Event(0), 0, -1, null);
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

        Assert.True(handOff.WaitToRead(s_patience));
        Assert.Equal(-1, Assert.Single(handOff.Peek().ToArray()).Offset);
        handOff.Release(1);
        await writer.WaitAsync(s_patience);
    }

    [Fact]
    public async Task WriteEvent_NeverOverrunsTheReader_WhenAWriterThreadOutpacesIt()
    {
        const int Events = 200_000;
        using var handOff = new EventHandOff(16);
        var writer = Task.Factory.StartNew(
            () =>
            {
                for (var i = 0; i < Events; i++)
                {
                    handOff.WriteEvent(Event(i % 1000), i % 3, i, null);
                }

                handOff.WriteMarker();
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

        var (read, maxUnread) = ReadUntilMarker(handOff);

        await writer.WaitAsync(s_patience);
        Assert.Equal(Events, read);
        Assert.InRange(maxUnread, 1, handOff.Capacity);
    }

    [Fact]
    public async Task WriteEvent_Throws_WhenTheReaderClosesWhileTheRingIsFull()
    {
        using var handOff = new EventHandOff(2);
        var writer = Task.Factory.StartNew(
            () =>
            {
                for (var i = 0; i < 3; i++)
                {
                    handOff.WriteEvent(Event(i), 0, i, null);
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

        handOff.Close();

        await Assert.ThrowsAsync<InvalidOperationException>(() => writer.WaitAsync(s_patience));
        Assert.True(handOff.IsClosed);
    }

    /// <summary>Reads as the detection thread does, checking that events come in the order written (offset i, partition i % 3, charger i % 1000).</summary>
    private static (long Read, int MaxUnread) ReadUntilMarker(EventHandOff handOff)
    {
        var expected = 0L;
        var maxUnread = 0;
        var done = false;
        while (!done)
        {
            Assert.True(handOff.WaitToRead(s_patience), "the writer stopped handing over");
            maxUnread = Math.Max(maxUnread, handOff.Count);
            var records = handOff.Peek();
            foreach (ref readonly var record in records)
            {
                if (record.Kind == HandOffKind.Marker)
                {
                    done = true;
                    break;
                }

                // A slot reused before it was released would show a later offset here.
                Assert.Equal(expected, record.Offset);
                Assert.Equal((int)(expected % 3), record.Partition);
                Assert.Equal((int)(expected % 1000), record.Event.Charger);
                expected++;
            }

            handOff.Release(records.Length);
        }

        return (expected, maxUnread);
    }

    [Fact]
    public void WriteAndRead_AllocateNothing_InSteadyState()
    {
        using var handOff = new EventHandOff(64);
        var source = new byte[] { 9 };
        var e = Event(1);
        RoundTrip(handOff, in e, source, 1_000);

        var allocated = AllocationMeter.FewestBytes(() => RoundTrip(handOff, in e, source, 100_000));

        Assert.Equal(0, allocated);
    }

    private static void RoundTrip(EventHandOff handOff, in TelemetryEvent e, byte[] source, int count)
    {
        for (var i = 0; i < count; i++)
        {
            handOff.WriteEvent(in e, 0, i, source);
            if ((i & 31) == 31)
            {
                handOff.Release(handOff.Peek().Length);
                Assert.True(handOff.WaitToRead(TimeSpan.Zero) || handOff.Count == 0);
            }
        }

        while (!handOff.Peek().IsEmpty)
        {
            handOff.Release(handOff.Peek().Length);
        }
    }

    private static TelemetryEvent Event(int charger) =>
        new() { Charger = charger, TimestampMs = 1_700_000_000_000 + charger, Kind = EventKind.Heartbeat };
}
