using System.Text;
using Telemetry.Cli.Pipeline;
using Telemetry.Cli.Processing;
using Telemetry.Engine;
using Telemetry.Engine.Inventory;
using Telemetry.Engine.Signals;
using Telemetry.Ocpp.Events;
using Telemetry.Ocpp.Rejects;
using Telemetry.Ocpp.Tap;

namespace Telemetry.Cli.Tests.Processing;

/// <summary>Wall-clock timers: a partition that receives nothing still fires its timers while live, and only then.</summary>
public sealed class LiveTimersTests
{
    private const int IntervalSeconds = 60;
    private static readonly TimeSpan s_step = TimeSpan.FromSeconds(5);
    private static readonly DateTimeOffset s_start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan s_maxDelay = new ProcessingOptions().LiveMaxDelay;

    [Fact]
    public async Task AdvanceTo_RaisesCommsOfflineWithNoFurtherEvent_OnceTheWallClockPassesTheDeadline()
    {
        var options = new DetectorOptions();
        var time = new ManualTime(s_start);
        var (worker, clock, lastSeenMs) = await SilentChargerAsync(options, time);

        // Silence is an outage once the watermark (stream time − lateness) passes the deadline;
        // the detectors look at the minute boundaries of stream time.
        var availability = options.Availability;
        var deadlineMs = lastSeenMs + (long)(IntervalSeconds * 1000 * availability.OfflineAfterIntervals) + (long)availability.OfflineGrace.TotalMilliseconds;
        var latenessMs = (long)availability.AllowedLateness.TotalMilliseconds;
        TimeSpan? raisedAfter = null;
        for (var elapsed = TimeSpan.Zero; elapsed < TimeSpan.FromMinutes(15) && raisedAfter is null; elapsed += s_step)
        {
            time.Advance(s_step);
            var streamTime = clock.StreamTimeMs(caughtUp: true, time.GetTimestamp(), lastDisturbance: 0);
            worker.AdvanceTo(streamTime);
            if (worker.Signals.Exists(IsOffline))
            {
                raisedAfter = elapsed + s_step;
            }
        }

        var offline = Assert.Single(worker.Signals, IsOffline);
        Assert.Equal(SignalState.Raised, offline.State);
        Assert.Equal("CP-LIVE", offline.ChargePoint);
        // Dated from the first missed heartbeat, whatever found it.
        Assert.Equal(lastSeenMs + (IntervalSeconds * 1000), offline.TimestampMs);
        var earliest = TimeSpan.FromMilliseconds(deadlineMs + latenessMs - lastSeenMs);
        Assert.InRange(raisedAfter!.Value, earliest, earliest + TimeSpan.FromMinutes(1) + s_step);
    }

    [Fact]
    public async Task StreamTimeMs_StaysPut_WhileBehindAndUntilTheLatenessAfterAClientError()
    {
        var options = new DetectorOptions();
        var time = new ManualTime(s_start);
        var (worker, clock, _) = await SilentChargerAsync(options, time);

        // Behind its high watermark (a backlog, or a broker that cannot be reached): no wall clock.
        for (var i = 0; i < 200; i++)
        {
            time.Advance(s_step);
            Assert.Equal(long.MinValue, clock.StreamTimeMs(caughtUp: false, time.GetTimestamp(), lastDisturbance: 0));
        }

        // Caught up again, but the client keeps reporting errors: time counts from the last one.
        for (var i = 0; i < 200; i++)
        {
            time.Advance(s_step);
            var now = time.GetTimestamp();
            var streamTime = clock.StreamTimeMs(caughtUp: true, now, lastDisturbance: now);
            Assert.Equal(clock.LatestEventMs, streamTime);
            worker.AdvanceTo(streamTime);
        }

        Assert.DoesNotContain(worker.Signals, IsOffline);
    }

    [Fact]
    public async Task StreamTimeMs_StaysPut_ForTrafficThatArrivedLongAfterItsEventTime()
    {
        // The same capture read a day after it happened: a backlog, not live traffic.
        var time = new ManualTime(s_start.AddDays(1));
        var (worker, clock, _) = await SilentChargerAsync(new DetectorOptions(), time);

        Assert.False(clock.IsLive);
        for (var i = 0; i < 200; i++)
        {
            time.Advance(s_step);
            Assert.Equal(long.MinValue, clock.StreamTimeMs(caughtUp: true, time.GetTimestamp(), lastDisturbance: 0));
        }

        Assert.DoesNotContain(worker.Signals, IsOffline);
    }

    private static bool IsOffline(Signal s) => s.Type == SignalTypes.CommsOffline;

    /// <summary>A charger that boots (heartbeat interval 60 s), reports, beats for ten minutes and falls silent; its events applied as they arrive.</summary>
    private static async Task<(PartitionWorker Worker, LiveClock Clock, long LastSeenMs)> SilentChargerAsync(DetectorOptions options, ManualTime time)
    {
        var start = s_start;
        var capture = new StringBuilder();
        void Record(DateTimeOffset at, string dir, string msg) =>
            capture.Append("{\"ts\":\"").Append(at.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture))
                .Append("\",\"cp\":\"CP-LIVE\",\"dir\":\"").Append(dir).Append("\",\"msg\":").Append(msg).Append("}\n");
        capture.Append("{\"ts\":\"2026-03-01T12:00:00.000Z\",\"cp\":\"CP-LIVE\",\"event\":\"connected\",\"proto\":\"ocpp1.6\"}\n");
        Record(start.AddSeconds(1), "rx", "[2,\"b1\",\"BootNotification\",{\"chargePointVendor\":\"V\",\"chargePointModel\":\"M\"}]");
        Record(start.AddSeconds(2), "tx", $"[3,\"b1\",{{\"status\":\"Accepted\",\"currentTime\":\"2026-03-01T12:00:02Z\",\"interval\":{IntervalSeconds}}}]");
        Record(start.AddSeconds(3), "rx", "[2,\"s1\",\"StatusNotification\",{\"connectorId\":1,\"errorCode\":\"NoError\",\"status\":\"Available\"}]");
        var last = start;
        for (var beat = 1; beat <= 10; beat++)
        {
            last = start.AddSeconds(beat * IntervalSeconds);
            Record(last, "rx", $"[2,\"h{beat}\",\"Heartbeat\",{{}}]");
        }

        var chargers = new ChargerRegistry();
        var texts = new TextCodeRegistry();
        var events = new List<TelemetryEvent>();
        var input = new CaptureInput(CaptureFormat.Tap, chargers, texts, new TapReaderOptions());
        var read = await input.ReadAsync(System.IO.Pipelines.PipeReader.Create(new MemoryStream(Encoding.UTF8.GetBytes(capture.ToString()))), new Collecting(events), CancellationToken.None);
        Assert.Equal(0, read.Rejected);

        var worker = new PartitionWorker(0, new DetectionContext(chargers, texts, FleetInventory.Empty, options), rollupDirectory: null, bufferForDatabase: false);
        var clock = new LiveClock(time, s_maxDelay);
        foreach (var e in events)
        {
            time.Advance(TimeSpan.FromMilliseconds(10));
            worker.OnEvent(e);
            clock.OnEvent(e.TimestampMs, time.GetTimestamp());
        }

        Assert.DoesNotContain(worker.Signals, IsOffline);
        return (worker, clock, last.ToUnixTimeMilliseconds());
    }

    private readonly struct Collecting(List<TelemetryEvent> events) : IParseHandler
    {
        public void OnEvent(in TelemetryEvent telemetryEvent) => events.Add(telemetryEvent);

        public void OnRejected(RejectReason reason, long line, long offset, ReadOnlySpan<byte> raw)
        {
        }
    }
}
