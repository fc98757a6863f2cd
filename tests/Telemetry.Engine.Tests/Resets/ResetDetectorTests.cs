using Telemetry.Engine.Resets;
using Telemetry.Engine.Signals;
using Telemetry.Engine.Tests.Support;
using Telemetry.Ocpp.Events;
using Telemetry.Testing;

namespace Telemetry.Engine.Tests.Resets;

public sealed class ResetDetectorTests
{
    private const long Minute = 60_000;
    private const long Hour = 60 * Minute;
    private static readonly long s_start = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    private readonly ChargerRegistry _chargers = new();
    private readonly RecordingSink _sink = new();
    private readonly int _cp;

    public ResetDetectorTests() => _cp = _chargers.Intern("CP-1".AsSpan());

    [Theory]
    [InlineData(BootReason.RemoteReset, true)]
    [InlineData(BootReason.ScheduledReset, true)]
    [InlineData(BootReason.FirmwareUpdate, true)]
    [InlineData(BootReason.Triggered, true)]
    [InlineData(BootReason.ApplicationReset, false)]
    [InlineData(BootReason.LocalReset, false)]
    [InlineData(BootReason.PowerUp, false)]
    [InlineData(BootReason.Unknown, false)]
    [InlineData(BootReason.Watchdog, false)]
    [InlineData(BootReason.Unrecognised, false)]
    [InlineData(BootReason.None, false)]
    public void OnEvent_ClassifiesBootByItsReason_WhenNoResetWasRequested(BootReason reason, bool planned)
    {
        var detector = Detector();

        detector.OnEvent(Boot(60, reason));

        Assert.Equal(planned ? new BootCounts(1, 0) : new BootCounts(0, 1), detector.BootsOf(_cp));
    }

    [Theory]
    [InlineData(BootReason.None)]
    [InlineData(BootReason.PowerUp)]
    [InlineData(BootReason.Watchdog)]
    public void OnEvent_ClassifiesBootAsPlanned_WhenCsmsRequestedResetWithinPlannedWindow(BootReason reason)
    {
        var detector = Detector();
        detector.OnEvent(ResetRequest(0));

        detector.OnEvent(Boot(15 * Minute, reason));

        Assert.Equal(new BootCounts(1, 0), detector.BootsOf(_cp));
    }

    [Fact]
    public void OnEvent_ClassifiesBootAsUnplanned_WhenResetWasRequestedLongerAgoThanPlannedWindow()
    {
        var detector = Detector();
        detector.OnEvent(ResetRequest(0));

        detector.OnEvent(Boot((15 * Minute) + 1, BootReason.None));

        Assert.Equal(new BootCounts(0, 1), detector.BootsOf(_cp));
    }

    [Fact]
    public void OnEvent_ClassifiesBootAsUnplanned_WhenResetRequestCameFromTheCharger()
    {
        var detector = Detector();
        var request = ResetRequest(0);
        request.Origin = EventOrigin.Charger;
        detector.OnEvent(request);

        detector.OnEvent(Boot(Minute, BootReason.None));

        Assert.Equal(new BootCounts(0, 1), detector.BootsOf(_cp));
    }

    [Fact]
    public void OnEvent_ExplainsOnlyOneBoot_WhenOneResetIsFollowedByTwoBoots()
    {
        var detector = Detector();
        detector.OnEvent(ResetRequest(0));

        detector.OnEvent(Boot(2 * Minute, BootReason.None));
        detector.OnEvent(Boot(4 * Minute, BootReason.None));

        Assert.Equal(new BootCounts(1, 1), detector.BootsOf(_cp));
    }

    [Fact]
    public void OnEvent_KeepsCountsPerCharger_WhenChargersInterleave()
    {
        var other = _chargers.Intern("CP-2".AsSpan());
        var detector = Detector();
        detector.OnEvent(ResetRequest(0));
        var otherBoot = Boot(Minute, BootReason.None);
        otherBoot.Charger = other;
        detector.OnEvent(otherBoot);
        detector.OnEvent(Boot(2 * Minute, BootReason.None));

        Assert.Equal(new BootCounts(1, 0), detector.BootsOf(_cp));
        Assert.Equal(new BootCounts(0, 1), detector.BootsOf(other));
        Assert.Equal(default, detector.BootsOf(other + 1000));
    }

    [Fact]
    public void OnEvent_RaisesAtThirdUnplannedBoot_WhenAllAreWithinTheWindow()
    {
        var detector = Detector();
        detector.OnEvent(Boot(Hour, BootReason.PowerUp));
        detector.OnEvent(Boot(2 * Hour, BootReason.RemoteReset));
        detector.OnEvent(Boot(5 * Hour, BootReason.Watchdog));
        Assert.Empty(_sink.Signals);

        detector.OnEvent(Boot(20 * Hour, BootReason.Watchdog));

        var raised = Assert.Single(_sink.Signals);
        Assert.Equal(new Signal(SignalTypes.ResetFrequent, SignalState.Raised, s_start + (20 * Hour), "CP-1", null, SignalScope.Charger,
            new SignalEvidence
            {
                Count = 3,
                PlannedCount = 1,
                WindowMinutes = 24 * 60,
                FirstMs = s_start + Hour,
                LastMs = s_start + (20 * Hour),
                BootReason = "Watchdog",
            }), raised);
    }

    [Theory]
    [InlineData(24 * Hour)]
    [InlineData(30 * Hour)]
    public void OnEvent_DoesNotRaise_WhenThirdUnplannedBootFallsOutsideTheWindow(long thirdAfterFirstMs)
    {
        var detector = Detector();
        detector.OnEvent(Boot(0, BootReason.None));
        detector.OnEvent(Boot(10 * Hour, BootReason.None));
        detector.OnEvent(Boot(thirdAfterFirstMs, BootReason.None));

        Assert.Empty(_sink.Signals);
    }

    [Fact]
    public void OnEvent_Raises_WhenThirdUnplannedBootIsOneMillisecondInsideTheWindow()
    {
        var detector = Detector();
        detector.OnEvent(Boot(0, BootReason.None));
        detector.OnEvent(Boot(10 * Hour, BootReason.None));
        detector.OnEvent(Boot((24 * Hour) - 1, BootReason.None));

        var raised = Assert.Single(_sink.Signals);
        Assert.Null(raised.Evidence.BootReason);
        Assert.Equal(0, raised.Evidence.PlannedCount);
    }

    [Fact]
    public void OnEvent_DoesNotRaise_WhenManyBootsAreAllPlanned()
    {
        var detector = Detector();
        for (var i = 0; i < 10; i++)
        {
            detector.OnEvent(ResetRequest(i * Hour));
            detector.OnEvent(Boot((i * Hour) + (3 * Minute), BootReason.None));
            detector.OnEvent(Boot((i * Hour) + (30 * Minute), BootReason.FirmwareUpdate));
        }

        Assert.Empty(_sink.Signals);
        Assert.Equal(new BootCounts(20, 0), detector.BootsOf(_cp));
    }

    [Fact]
    public void OnEvent_ClearsAtQuietPeriodEnd_WhenNextEventOfTheChargerComesLater()
    {
        var detector = Detector();
        RaiseByBootsAt(detector, 1, 2, 3);
        detector.OnEvent(Boot(10 * Hour, BootReason.Watchdog));
        detector.OnEvent(Heartbeat((34 * Hour) - 1));
        Assert.Equal(SignalState.Raised, Assert.Single(_sink.Signals).State);

        detector.OnEvent(Heartbeat(40 * Hour));

        Assert.Equal(ExpectedClear(clearMs: 34 * Hour, raisedMs: 3 * Hour, lastMs: 10 * Hour, count: 4), _sink.Signals[1]);
    }

    [Fact]
    public void OnEvent_DoesNotDelayClear_WhenOnlyPlannedBootsFollow()
    {
        var detector = Detector();
        RaiseByBootsAt(detector, 1, 2, 3);
        detector.OnEvent(Boot(20 * Hour, BootReason.RemoteReset));

        detector.OnEvent(Heartbeat(27 * Hour));

        Assert.Equal(ExpectedClear(clearMs: 27 * Hour, raisedMs: 3 * Hour, lastMs: 3 * Hour, count: 3), _sink.Signals[1]);
    }

    [Fact]
    public void Tick_GivesTheSameClear_AsTheChargersNextEvent()
    {
        var byEvent = new RecordingSink();
        var eventDetector = new ResetDetector(_chargers, new ResetOptions(), byEvent);
        RaiseByBootsAt(eventDetector, 1, 2, 3);
        eventDetector.OnEvent(Heartbeat(50 * Hour));
        Assert.Equal([SignalState.Raised, SignalState.Cleared], byEvent.Signals.Select(s => s.State));

        var detector = Detector();
        RaiseByBootsAt(detector, 1, 2, 3);
        detector.Tick(s_start + (27 * Hour) - 1);
        Assert.Single(_sink.Signals);
        detector.Tick(s_start + (27 * Hour));
        detector.OnEvent(Heartbeat(50 * Hour));

        Assert.Equal(byEvent.Signals, _sink.Signals);
        Assert.Equal(ExpectedClear(clearMs: 27 * Hour, raisedMs: 3 * Hour, lastMs: 3 * Hour, count: 3), _sink.Signals[1]);
    }

    [Fact]
    public void OnEvent_AppliesLateEventAtChargersLatestTime_WhenItGoesBackInTime()
    {
        var detector = Detector();
        detector.OnEvent(ResetRequest(Hour));
        detector.OnEvent(Boot(0, BootReason.None));

        Assert.Equal(1, detector.ReorderedEvents);
        Assert.Equal(new BootCounts(1, 0), detector.BootsOf(_cp));
    }

    [Fact]
    public void OnEvent_GivesIdenticalSignals_WhenTheSameEventsAreReplayed()
    {
        var events = new List<TelemetryEvent>();
        for (var i = 0; i < 200; i++)
        {
            events.Add(i % 5 == 0 ? ResetRequest(i * Hour) : Heartbeat(i * Hour));
            events.Add(Boot((i * Hour) + (i % 7 * 4 * Minute), (BootReason)(i % 10)));
        }

        var first = Run(events);
        var second = Run(events);

        Assert.NotEmpty(first);
        Assert.Equal(first, second);
    }

    [Fact]
    public void OnEvent_AllocatesNothing_WhenNoSignalIsEmitted()
    {
        var detector = Detector();
        var t = 0L;
        void Cycle()
        {
            // One unplanned boot every 13 hours (never three in a day), planned boots and traffic between.
            detector.OnEvent(Boot(t, BootReason.Watchdog));
            detector.OnEvent(Heartbeat(t + Minute));
            detector.OnEvent(ResetRequest(t + Hour));
            detector.OnEvent(Boot(t + Hour + Minute, BootReason.None));
            detector.OnEvent(Boot(t + (2 * Hour), BootReason.ScheduledReset));
            detector.Tick(s_start + t + (2 * Hour));
            t += 13 * Hour;
        }

        for (var i = 0; i < 100; i++)
        {
            Cycle();
        }

        var allocated = AllocationMeter.FewestBytes(() =>
        {
            for (var i = 0; i < 2_000; i++)
            {
                Cycle();
            }
        });
        Assert.Empty(_sink.Signals);
        Assert.Equal(0, allocated);
    }

    [Theory]
    [InlineData(1, 15, 24, 24)]
    [InlineData(17, 15, 24, 24)]
    [InlineData(3, 0, 24, 24)]
    [InlineData(3, 15, 0, 24)]
    [InlineData(3, 15, -1, 24)]
    [InlineData(3, 15, 24, 0)]
    public void Validate_Throws_WhenAnOptionIsOutOfRange(int unplanned, int plannedMinutes, int windowHours, int quietHours)
    {
        var options = new ResetOptions
        {
            UnplannedToRaise = unplanned,
            PlannedWindow = TimeSpan.FromMinutes(plannedMinutes),
            Window = TimeSpan.FromHours(windowHours),
            QuietToClear = TimeSpan.FromHours(quietHours),
        };

        Assert.Throws<ArgumentException>(options.Validate);
        Assert.Throws<ArgumentException>(() => new ResetDetector(_chargers, options, _sink));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(16)]
    public void Validate_Accepts_WhenUnplannedToRaiseIsAtABound(int unplanned)
    {
        var options = new ResetOptions { UnplannedToRaise = unplanned };

        options.Validate();

        Assert.Equal(unplanned, options.UnplannedToRaise);
    }

    private List<Signal> Run(List<TelemetryEvent> events)
    {
        var sink = new RecordingSink();
        var detector = new ResetDetector(_chargers, new ResetOptions(), sink);
        foreach (var e in events)
        {
            detector.OnEvent(e);
        }

        return sink.Signals;
    }

    private ResetDetector Detector() => new(_chargers, new ResetOptions(), _sink);

    private void RaiseByBootsAt(ResetDetector detector, params int[] hours)
    {
        foreach (var h in hours)
        {
            detector.OnEvent(Boot(h * Hour, BootReason.PowerUp));
        }
    }

    private static Signal ExpectedClear(long clearMs, long raisedMs, long lastMs, int count) =>
        new(SignalTypes.ResetFrequent, SignalState.Cleared, s_start + clearMs, "CP-1", null, SignalScope.Charger,
            new SignalEvidence
            {
                Count = count,
                LastMs = s_start + lastMs,
                SinceMs = s_start + raisedMs,
                DurationMinutes = (clearMs - raisedMs) / (double)Minute,
            });

    /// <summary>A BootNotification <paramref name="offsetMs"/> after the start; the reason is 2.0.1's, None on 1.6.</summary>
    private TelemetryEvent Boot(long offsetMs, BootReason reason)
    {
        var e = TelemetryEvent.Create(EventKind.Boot, s_start + offsetMs, _cp, reason == BootReason.None ? OcppVersion.V16 : OcppVersion.V201);
        e.Detail = (byte)reason;
        return e;
    }

    private TelemetryEvent ResetRequest(long offsetMs)
    {
        var e = TelemetryEvent.Create(EventKind.ResetRequested, s_start + offsetMs, _cp, OcppVersion.V16);
        e.Origin = EventOrigin.Csms;
        e.Detail = (byte)ResetType.Hard;
        return e;
    }

    private TelemetryEvent Heartbeat(long offsetMs) => TelemetryEvent.Create(EventKind.Heartbeat, s_start + offsetMs, _cp, OcppVersion.V16);
}
