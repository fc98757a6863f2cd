using System.Buffers;
using Telemetry.Engine.Checkpoints;
using Telemetry.Engine.Ordering;
using Telemetry.Ocpp.Events;

namespace Telemetry.Engine.Tests.Ordering;

public sealed class EventReorderBufferCheckpointTests
{
    private static readonly TimeSpan s_lateness = TimeSpan.FromMinutes(2);

    [Fact]
    public void RestoreFrom_ReleasesAsAnUninterruptedBuffer_ForShuffledInputCutInTheMiddle()
    {
        var input = Shuffled(count: 6_000, seed: 11);
        var whole = Run(input, cutAt: -1, out var wholeLate);

        var cut = Run(input, cutAt: input.Count / 2, out var cutLate);

        Assert.Equal(whole.Count, cut.Count);
        Assert.Equal(whole.Select(e => (e.TimestampMs, e.Charger)), cut.Select(e => (e.TimestampMs, e.Charger)));
        Assert.Equal(wholeLate, cutLate);
        Assert.True(wholeLate > 0, "the input should include late events, so that the late bound is carried over too");
    }

    [Fact]
    public void RestoreFrom_RefusesAnotherFormatVersion_WithoutChangingTheBuffer()
    {
        var bytes = Checkpoint(new EventReorderBuffer(s_lateness, new OrderingOptions()));
        // The version is the header's last two bytes (little-endian).
        bytes[CheckpointHeader.Size - 2] = 0;
        bytes[CheckpointHeader.Size - 1] = 0;
        var fresh = new EventReorderBuffer(s_lateness, new OrderingOptions());
        fresh.TryAdd(Event(5_000, 1));

        var error = Assert.Throws<InvalidDataException>(() => Restore(fresh, bytes));

        Assert.Contains("format version 0", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, fresh.Count);
    }

    [Fact]
    public void RestoreFrom_RefusesCorruptOrTruncatedBytes()
    {
        var buffer = new EventReorderBuffer(s_lateness, new OrderingOptions());
        buffer.TryAdd(Event(1_000, 1));
        buffer.TryAdd(Event(2_000, 2));
        var bytes = Checkpoint(buffer);
        var corrupt = (byte[])bytes.Clone();
        corrupt[0] ^= 0xFF;

        Assert.Throws<InvalidDataException>(() => Restore(new EventReorderBuffer(s_lateness, new OrderingOptions()), corrupt));
        Assert.Throws<InvalidDataException>(() => Restore(new EventReorderBuffer(s_lateness, new OrderingOptions()), bytes[..^1]));
        Assert.Throws<InvalidDataException>(() => Restore(new EventReorderBuffer(TimeSpan.FromMinutes(5), new OrderingOptions()), bytes));
    }

    private static List<TelemetryEvent> Run(List<TelemetryEvent> input, int cutAt, out long late)
    {
        var released = new List<TelemetryEvent>();
        var sink = new Recording(released);
        var buffer = new EventReorderBuffer(s_lateness, new OrderingOptions());
        for (var i = 0; i < input.Count; i++)
        {
            if (i == cutAt)
            {
                var bytes = Checkpoint(buffer);
                buffer = new EventReorderBuffer(s_lateness, new OrderingOptions());
                Restore(buffer, bytes);
            }

            if (buffer.TryAdd(input[i]))
            {
                buffer.Release(ref sink);
            }
        }

        buffer.ReleaseAll(ref sink);
        late = buffer.LateEvents;
        return released;
    }

    /// <summary>Events a second apart, each moved back by up to 150 s: most within the 2-minute lateness, some beyond it.</summary>
    private static List<TelemetryEvent> Shuffled(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count)
            .Select(i => (Key: (i * 1_000L) - random.Next(0, 150_000), Event: Event(i * 1_000L, i)))
            .OrderBy(p => p.Key)
            .Select(p => p.Event)
            .ToList();
    }

    private static byte[] Checkpoint(EventReorderBuffer buffer)
    {
        var output = new ArrayBufferWriter<byte>();
        buffer.WriteTo(output);
        return output.WrittenSpan.ToArray();
    }

    private static void Restore(EventReorderBuffer buffer, byte[] bytes)
    {
        var reader = new CheckpointReader(bytes);
        buffer.RestoreFrom(ref reader);
    }

    private static TelemetryEvent Event(long timeMs, int charger) => TelemetryEvent.Create(EventKind.Heartbeat, timeMs, charger, OcppVersion.V16);

    private readonly struct Recording(List<TelemetryEvent> events) : IOrderedEventSink
    {
        public void OnOrderedEvent(in TelemetryEvent e) => events.Add(e);
    }
}
