using Telemetry.Engine.Availability;
using Telemetry.Engine.Signals;
using Telemetry.Engine.Tests.Support;
using Telemetry.Ocpp.Events;
using Telemetry.Simulator;
using static Telemetry.Engine.Tests.Availability.PortEvents;

namespace Telemetry.Engine.Tests.Availability;

/// <summary>How the minute rows reach the sink: in runs of whole minutes, in batches, never out of order with signals and outages.</summary>
public sealed class AvailabilityDetectorRowTests
{
    private const long Minute = 60_000;
    private static readonly long s_start = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    [Fact]
    public async Task OnRollups_ReceivesEveryRowBeforeTheSignalsAfterIt_OnASimulatedFleet()
    {
        var fleet = await SimulatedFleet.CreateAsync(new SimulationOptions { Chargers = 20, Sites = 2, Days = 2, Seed = 11 });

        var log = AssertRowsPrecedeSignals(fleet.Chargers, fleet.Events, fleet.Truth.End.ToUnixTimeMilliseconds());

        Assert.Contains(log, o => o is Outage);
    }

    [Fact]
    public void OnRollups_ReceivesTheRowsOfATimerPassBeforeTheSignalsAfterThem_WhenChargersGoOffline()
    {
        var chargers = new ChargerRegistry();
        for (var c = 0; c < 8; c++)
        {
            chargers.Intern($"CP-{c}".AsSpan());
        }

        var events = new List<TelemetryEvent>();
        for (var c = 0; c < 8; c++)
        {
            events.Add(Status(c, s_start, 1, ConnectorStatus.Available));
            events.Add(Status(c, s_start, 2, ConnectorStatus.Available));
        }

        for (var m = 1; m <= 60; m++)
        {
            var minuteStart = s_start + (m * Minute);
            if (m == 20)
            {
                // The first event of its minute: the timer pass's rows are collected when the charger disconnects.
                events.Add(TelemetryEvent.Create(EventKind.Disconnected, minuteStart, 6, OcppVersion.V16));
            }

            for (var c = 0; c < 8; c++)
            {
                var silent = (c == 3 && m is > 10 and < 40) || (c == 6 && m is >= 20 and < 30);
                if (!silent)
                {
                    events.Add(Heartbeat(c, minuteStart + (1_000 * c) + 1));
                }
            }

            if (m is 15 or 25)
            {
                events.Add(Status(5, minuteStart + 30_000, 1, m == 15 ? ConnectorStatus.Faulted : ConnectorStatus.Available));
            }
        }

        var log = AssertRowsPrecedeSignals(chargers, events, s_start + (60 * Minute) + 30_000);

        // CP-6 disconnects at the first event of minute 20, whose timer pass (watermark minute 18) closed minute 17 of
        // every port but CP-3's (silent, so final only up to its last heartbeat + interval, 15:03).
        AssertRowsBefore(log, "CP-6", s_start + (20 * Minute), [0, 1, 2, 4, 5, 6, 7], s_start + (17 * Minute));
        // CP-3, last heard at 10:03, is found silent by the pass at 24:00 (watermark 22:00), after it closed minute 21 of CP-0 … CP-2.
        AssertRowsBefore(log, "CP-3", s_start + (15 * Minute) + 3_001, [0, 1, 2], s_start + (21 * Minute));
    }

    [Fact]
    public void Finish_EmitsEveryMinuteOfAHoursLongSilence_OneRowEach()
    {
        var chargers = new ChargerRegistry();
        var silent = chargers.Intern("CP-SILENT".AsSpan());
        var busy = chargers.Intern("CP-BUSY".AsSpan());
        var sink = new RecordingSink();
        var detector = new AvailabilityDetector(chargers, new AvailabilityOptions(), sink);
        detector.OnEvent(Status(silent, s_start + 20_000, 1, ConnectorStatus.Available));
        detector.OnEvent(Heartbeat(silent, s_start + Minute));
        // The other charger moves stream time on by 5 minutes at a time, so each timer pass closes a run of minutes.
        for (var t = s_start; t <= s_start + (600 * Minute); t += 5 * Minute)
        {
            detector.OnEvent(Heartbeat(busy, t));
        }

        detector.Finish(s_start + (600 * Minute) + 30_000);

        var rows = sink.Rollups.Where(r => r.Charger == silent).ToList();
        Assert.Equal(601, rows.Count);
        for (var m = 0; m < rows.Count; m++)
        {
            var row = rows[m];
            Assert.Equal(s_start + (m * Minute), row.MinuteStartMs);
            Assert.Equal(Minute, row.UpMs + row.DownMs + row.UnknownMs);
            // Silent from its last heartbeat (minute 1) plus the 5-minute default interval: offline from minute 6.
            var expected = m switch
            {
                0 => (Up: 40_000, Down: 0, Offline: 0, Unknown: 20_000),
                < 6 => (Up: 60_000, Down: 0, Offline: 0, Unknown: 0),
                600 => (Up: 0, Down: 30_000, Offline: 30_000, Unknown: 30_000),
                _ => (Up: 0, Down: 60_000, Offline: 60_000, Unknown: 0),
            };
            Assert.Equal(expected, (row.UpMs, row.DownMs, row.OfflineMs, row.UnknownMs));
        }

        var outage = Assert.Single(sink.Outages);
        Assert.Equal(s_start + (6 * Minute), outage.StartMs);
        Assert.Null(outage.EndMs);
    }

    /// <summary>
    /// Feeds a detector whose sink takes rows in batches and one whose sink takes them one at a
    /// time through the default <see cref="IAvailabilitySink.OnRollups"/>: both receive the same
    /// rows. Every port's outage signal and outage come after every row of that port that ends
    /// at or before their time (a charger's own comms.offline precedes the rows it closes).
    /// </summary>
    private static List<object> AssertRowsPrecedeSignals(ChargerRegistry chargers, IEnumerable<TelemetryEvent> events, long endMs)
    {
        var batched = new OrderLogSink();
        var recording = new RecordingSink();
        var detector = new AvailabilityDetector(chargers, new AvailabilityOptions(), batched);
        var reference = new AvailabilityDetector(chargers, new AvailabilityOptions(), recording);
        foreach (var e in events)
        {
            detector.OnEvent(e);
            reference.OnEvent(e);
        }

        detector.Finish(endMs);
        reference.Finish(endMs);

        var rows = batched.Log.OfType<ConnectorRollup>().ToList();
        Assert.Equal(recording.Rollups, rows);
        Assert.True(batched.LargestBatch > 1, "rows of a timer pass arrive together");
        Assert.True(batched.BatchCalls < batched.RollupCount / 2, "fewer calls than rows");

        // Per charger and port: minute ends of the rows received so far, as the log is read in order.
        var closed = new Dictionary<(string, ushort), long>();
        foreach (var entry in batched.Log)
        {
            switch (entry)
            {
                case ConnectorRollup row:
                    closed[(chargers.NameOf(row.Charger), row.Port)] = row.MinuteStartMs + Minute;
                    break;
                case Signal { Port: not null } signal:
                    AssertClosedTo(rows, chargers, closed, signal.ChargePoint, signal.Port.Value, signal.TimestampMs);
                    break;
                case Outage outage:
                    AssertClosedTo(rows, chargers, closed, outage.ChargePoint, outage.Port, outage.EndMs ?? endMs);
                    break;
            }
        }

        return batched.Log;
    }

    private static void AssertClosedTo(List<ConnectorRollup> rows, ChargerRegistry chargers, Dictionary<(string, ushort), long> closed, string chargePoint, ushort port, long t)
    {
        foreach (var row in rows)
        {
            if (chargers.NameOf(row.Charger) == chargePoint && row.Port == port && row.MinuteStartMs + Minute <= t)
            {
                Assert.True(closed.GetValueOrDefault((chargePoint, row.Port), long.MinValue) >= row.MinuteStartMs + Minute,
                    $"{chargePoint}/{row.Port}: minute {row.MinuteStartMs} arrived after a signal at {t}");
            }
        }
    }

    /// <summary>Asserts that <paramref name="chargePoint"/>'s comms.offline raised at <paramref name="raisedMs"/> comes after the rows of the minute from <paramref name="minuteStartMs"/> of both ports of <paramref name="chargers"/>.</summary>
    private static void AssertRowsBefore(List<object> log, string chargePoint, long raisedMs, int[] chargers, long minuteStartMs)
    {
        var at = log.FindIndex(o => o is Signal { Type: SignalTypes.CommsOffline, State: SignalState.Raised } s && s.ChargePoint == chargePoint);
        Assert.True(at >= 0, "the charger was found offline");
        Assert.Equal(raisedMs, ((Signal)log[at]).TimestampMs);
        var before = log.Take(at).OfType<ConnectorRollup>().Where(r => r.MinuteStartMs == minuteStartMs && chargers.Contains(r.Charger)).Count();
        Assert.Equal(chargers.Length * 2, before);
    }
}
