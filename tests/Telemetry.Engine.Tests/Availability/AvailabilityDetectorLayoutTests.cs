using System.Buffers;
using Telemetry.Engine.Availability;
using Telemetry.Engine.Checkpoints;
using Telemetry.Engine.Tests.Support;
using Telemetry.Ocpp.Events;
using static Telemetry.Engine.Tests.Availability.PortEvents;

namespace Telemetry.Engine.Tests.Availability;

/// <summary>
/// The detector lays its port table out again in the timer pass's walk order once enough ports
/// were first reported out of charger order; none of that may show in what it emits or writes.
/// </summary>
public sealed class AvailabilityDetectorLayoutTests
{
    private const long Minute = 60_000;
    private const int Chargers = 64;
    private const int Minutes = 12;
    // Mid-minute, so that the end of the input emits every port's last, partial minute.
    private const long EndAfterStartMs = (Minutes * Minute) + 30_000;
    private static readonly long s_start = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    [Fact]
    public void OnEvent_EmitsTheSameSequence_WhenPortsFirstReportInReverseChargerOrder()
    {
        var (ascending, ascendingFinish, _) = Run(Scenario(descending: false));
        var (descending, descendingFinish, lastMinutes) = Run(Scenario(descending: true));

        Assert.True(ascending.Count > Chargers * 2 * (Minutes - 4), "the timer passes emitted the minutes");
        Assert.Equal(ascending, descending);
        // The end of the input follows creation order, which the two feeds do not share.
        Assert.Equal(ascendingFinish.Order(StringComparer.Ordinal), descendingFinish.Order(StringComparer.Ordinal));
        (int, ushort)[] created = [.. Enumerable.Range(0, Chargers).Select(i => (Chargers - 1 - i, (ushort)2)), .. Enumerable.Range(0, Chargers).Select(i => (Chargers - 1 - i, (ushort)1))];
        Assert.Equal(created, lastMinutes);
    }

    [Fact]
    public void RestoreFrom_CarriesOnAsTheUninterruptedDetector_WhenTheTableWasLaidOutAgain()
    {
        var chargers = Registry();
        var events = Scenario(descending: true);
        var cut = events.FindIndex(e => e.TimestampMs >= s_start + (6 * Minute));
        var endMs = s_start + EndAfterStartMs;
        var texts = new TextCodeRegistry();

        var wholeSink = new RecordingSink();
        var whole = new AvailabilityDetector(chargers, new AvailabilityOptions(), wholeSink);
        Feed(whole, events[..cut]);
        var checkpoint = new ArrayBufferWriter<byte>();
        PartitionCheckpoint.Write(checkpoint, 1, chargers, texts, [whole]);
        var beforeCut = Counts(wholeSink);
        Feed(whole, events[cut..]);
        whole.Finish(endMs);

        var restoredSink = new RecordingSink();
        var restored = new AvailabilityDetector(chargers, new AvailabilityOptions(), restoredSink);
        PartitionCheckpoint.Restore(checkpoint.WrittenSpan, 1, chargers, texts, [restored]);
        var again = new ArrayBufferWriter<byte>();
        PartitionCheckpoint.Write(again, 1, chargers, texts, [restored]);
        Feed(restored, events[cut..]);
        restored.Finish(endMs);

        Assert.Equal(checkpoint.WrittenSpan.ToArray(), again.WrittenSpan.ToArray());
        Assert.Equal(Emitted(wholeSink, beforeCut), Emitted(restoredSink, default));
    }

    /// <summary>
    /// Every charger reports port 2, then port 1, at the start (in ascending or descending
    /// charger order), then heartbeats each minute; charger 5's port 1 is faulted from minute 3
    /// to minute 6 and charger 9 falls silent after minute 2.
    /// </summary>
    private static List<TelemetryEvent> Scenario(bool descending)
    {
        var events = new List<TelemetryEvent>();
        foreach (var port in (ushort[])[2, 1])
        {
            for (var i = 0; i < Chargers; i++)
            {
                events.Add(Status(descending ? Chargers - 1 - i : i, s_start, port, ConnectorStatus.Available));
            }
        }

        for (var m = 1; m < Minutes; m++)
        {
            var t = s_start + (m * Minute);
            for (var c = 0; c < Chargers; c++)
            {
                if (c != 9 || m <= 2)
                {
                    events.Add(Heartbeat(c, t));
                }

                if (c == 5 && m == 3)
                {
                    events.Add(Status(c, t, 1, ConnectorStatus.Faulted));
                }
                else if (c == 5 && m == 6)
                {
                    events.Add(Status(c, t, 1, ConnectorStatus.Available));
                }
            }
        }

        return events;
    }

    /// <summary>What the detector emits before the end of the input, at it, and the ports of the partial minutes at it in emission order.</summary>
    private static (List<string> Events, List<string> Finish, (int, ushort)[] LastMinutes) Run(List<TelemetryEvent> events)
    {
        var sink = new RecordingSink();
        var detector = new AvailabilityDetector(Registry(), new AvailabilityOptions(), sink);
        Feed(detector, events);
        var beforeFinish = Counts(sink);
        var emitted = Emitted(sink, default);
        detector.Finish(s_start + EndAfterStartMs);
        var lastMinutes = sink.Rollups.Skip(beforeFinish.Rollups)
            .Where(r => r.MinuteStartMs == s_start + (Minutes * Minute))
            .Select(r => (r.Charger, r.Port))
            .ToArray();
        return (emitted, Emitted(sink, beforeFinish), lastMinutes);
    }

    private static void Feed(AvailabilityDetector detector, List<TelemetryEvent> events)
    {
        foreach (var e in events)
        {
            detector.OnEvent(e);
        }
    }

    private static (int Rollups, int Signals, int Outages) Counts(RecordingSink sink) => (sink.Rollups.Count, sink.Signals.Count, sink.Outages.Count);

    /// <summary>Rollups, signals and outages emitted since <paramref name="from"/>, as text, each kind in emission order.</summary>
    private static List<string> Emitted(RecordingSink sink, (int Rollups, int Signals, int Outages) from) =>
    [
        .. sink.Rollups.Skip(from.Rollups).Select(r => r.ToString()),
        .. sink.Signals.Skip(from.Signals).Select(s => s.ToString()),
        .. sink.Outages.Skip(from.Outages).Select(o => o.ToString()),
    ];

    private static ChargerRegistry Registry()
    {
        var chargers = new ChargerRegistry();
        for (var c = 0; c < Chargers; c++)
        {
            chargers.Intern($"CP-{c:D2}".AsSpan());
        }

        return chargers;
    }
}
