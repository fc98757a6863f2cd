using Telemetry.Engine.Ordering;
using Telemetry.Ocpp.Events;
using Telemetry.Testing;

namespace Telemetry.Engine.Tests.Ordering;

public sealed class EventReorderBufferTests
{
    private static readonly TimeSpan s_lateness = TimeSpan.FromMinutes(2);

    [Fact]
    public void Release_GivesTimeThenArrivalOrder_ForInputShuffledWithinTheLateness()
    {
        var ordered = Enumerable.Range(0, 5_000).Select(i => Event(timeMs: i / 3 * 1_000L, charger: i)).ToList();
        var random = new Random(7);
        // Each event moves back by at most 90 s of event time: within the 2-minute lateness.
        var shuffled = ordered.Select(e => (Key: e.TimestampMs - random.Next(0, 90_000), Event: e)).OrderBy(p => p.Key).Select(p => p.Event).ToList();
        var buffer = new EventReorderBuffer(s_lateness, new OrderingOptions());
        var sink = new Recording([]);

        foreach (var e in shuffled)
        {
            Assert.True(buffer.TryAdd(e));
            buffer.Release(ref sink);
        }

        buffer.ReleaseAll(ref sink);

        Assert.Equal(ordered.Select(e => e.TimestampMs), sink.Events.Select(e => e.TimestampMs));
        Assert.Equal(0, buffer.LateEvents);
        Assert.Equal(0, buffer.Count);
        // Same time: arrival order decides, so equal-time events of the shuffled input keep theirs.
        var expected = shuffled.OrderBy(e => e.TimestampMs).Select(e => e.Charger);
        Assert.Equal(expected, sink.Events.Select(e => e.Charger));
    }

    [Fact]
    public void Release_HoldsAnEvent_UntilTheWatermarkPassesIt()
    {
        var buffer = new EventReorderBuffer(s_lateness, new OrderingOptions());
        var sink = new Recording([]);

        buffer.TryAdd(Event(0, 1));
        buffer.TryAdd(Event(119_999, 2));
        buffer.Release(ref sink);
        Assert.Empty(sink.Events);

        buffer.TryAdd(Event(120_000, 3));
        buffer.Release(ref sink);
        Assert.Equal([1], sink.Events.Select(e => e.Charger));
    }

    [Fact]
    public void TryAdd_RefusesAndCountsAnEvent_OlderThanTheWatermark()
    {
        var buffer = new EventReorderBuffer(s_lateness, new OrderingOptions());
        buffer.TryAdd(Event(600_000, 1));

        Assert.True(buffer.TryAdd(Event(480_000, 2)));
        Assert.False(buffer.TryAdd(Event(479_999, 3)));
        Assert.Equal(1, buffer.LateEvents);
        Assert.Equal(2, buffer.Count);
    }

    [Fact]
    public void Release_ReleasesTheOldestEarly_WhenFull_AndKeepsReleaseOrder()
    {
        var buffer = new EventReorderBuffer(TimeSpan.FromHours(1), new OrderingOptions { MaxBufferedEvents = 3 });
        var sink = new Recording([]);
        foreach (var time in new long[] { 10, 20, 30, 40, 50 })
        {
            buffer.TryAdd(Event(time, (int)time));
            buffer.Release(ref sink);
        }

        Assert.Equal([10L, 20L], sink.Events.Select(e => e.TimestampMs));
        Assert.Equal(2, buffer.ForcedReleases);
        // Older than an event already released: late, though within the hour of lateness.
        Assert.False(buffer.TryAdd(Event(15, 99)));
        Assert.True(buffer.TryAdd(Event(25, 98)));
        buffer.ReleaseAll(ref sink);
        Assert.Equal([10L, 20L, 25L, 30L, 40L, 50L], sink.Events.Select(e => e.TimestampMs));
    }

    [Fact]
    public void TryAddAndRelease_AllocateNothing_InSteadyState()
    {
        var buffer = new EventReorderBuffer(s_lateness, new OrderingOptions());
        var sink = new Counting();
        var random = new Random(3);
        const int PerPass = 100_000;
        // A warm-up pass, then one pass of later events per measured run: replaying a pass would make every event late.
        var events = Enumerable.Range(0, (1 + AllocationMeter.DefaultRuns) * PerPass).Select(i => Event((i * 10L) - random.Next(0, 50_000), i)).ToArray();
        Run(buffer, ref sink, events.AsSpan(0, PerPass));

        var allocated = AllocationMeter.FewestBytes(k => Run(buffer, ref sink, events.AsSpan((1 + k) * PerPass, PerPass)));

        Assert.Equal(0, allocated);
        Assert.True(sink.Count > events.Length * 3 / 4, $"{sink.Count} released");
    }

    private static void Run(EventReorderBuffer buffer, ref Counting sink, ReadOnlySpan<TelemetryEvent> events)
    {
        foreach (ref readonly var e in events)
        {
            if (buffer.TryAdd(e))
            {
                buffer.Release(ref sink);
            }
        }
    }

    private static TelemetryEvent Event(long timeMs, int charger) => TelemetryEvent.Create(EventKind.Heartbeat, timeMs, charger, OcppVersion.V16);

    private readonly struct Recording(List<TelemetryEvent> events) : IOrderedEventSink
    {
        public List<TelemetryEvent> Events { get; } = events;

        public void OnOrderedEvent(in TelemetryEvent e) => Events.Add(e);
    }

    private struct Counting : IOrderedEventSink
    {
        public long Count;

        public void OnOrderedEvent(in TelemetryEvent e) => Count++;
    }
}
