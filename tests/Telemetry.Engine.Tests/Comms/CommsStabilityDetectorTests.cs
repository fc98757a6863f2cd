using Telemetry.Engine.Comms;
using Telemetry.Engine.Signals;
using Telemetry.Engine.Tests.Support;
using Telemetry.Ocpp.Events;
using Telemetry.Testing;

namespace Telemetry.Engine.Tests.Comms;

public sealed class CommsStabilityDetectorTests
{
    private const long Minute = 60_000;
    private static readonly long s_start = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    private readonly ChargerRegistry _chargers = new();
    private readonly RecordingSink _sink = new();
    private readonly int _cp;

    public CommsStabilityDetectorTests() => _cp = _chargers.Intern("CP-1".AsSpan());

    [Fact]
    public void OnEvent_RaisesAtThirdDisconnect_WhenAllAreWithinTheWindow()
    {
        var detector = Detector();
        detector.OnEvent(At(EventKind.Connected, 0));
        Drop(detector, 10);
        Drop(detector, 30);
        Assert.Empty(_sink.Signals);

        Drop(detector, 50);

        var raised = Assert.Single(_sink.Signals);
        Assert.Equal(new Signal(SignalTypes.CommsUnstable, SignalState.Raised, s_start + (50 * Minute), "CP-1", null, SignalScope.Charger,
            new SignalEvidence { Count = 3, WindowMinutes = 60, FirstMs = s_start + (10 * Minute), LastMs = s_start + (50 * Minute) }), raised);
    }

    [Theory]
    [InlineData(60 * Minute)]
    [InlineData((60 * Minute) + 1)]
    [InlineData(90 * Minute)]
    public void OnEvent_DoesNotRaise_WhenThirdDisconnectFallsOutsideTheWindow(long thirdAfterFirstMs)
    {
        var detector = Detector();
        detector.OnEvent(At(EventKind.Connected, 0));
        DropAtMs(detector, s_start + Minute);
        DropAtMs(detector, s_start + (20 * Minute));
        DropAtMs(detector, s_start + Minute + thirdAfterFirstMs);

        Assert.Empty(_sink.Signals);
    }

    [Fact]
    public void OnEvent_Raises_WhenThirdDisconnectIsOneMillisecondInsideTheWindow()
    {
        var detector = Detector();
        detector.OnEvent(At(EventKind.Connected, 0));
        DropAtMs(detector, s_start + Minute);
        DropAtMs(detector, s_start + (20 * Minute));
        DropAtMs(detector, s_start + (61 * Minute) - 1);

        Assert.Equal(SignalState.Raised, Assert.Single(_sink.Signals).State);
    }

    [Fact]
    public void OnEvent_RaisesAtConfiguredCount_WhenDisconnectsToRaiseIsChanged()
    {
        var detector = Detector(new CommsOptions { DisconnectsToRaise = 5 });
        detector.OnEvent(At(EventKind.Connected, 0));
        for (var m = 1; m <= 4; m++)
        {
            Drop(detector, m * 5);
        }

        Assert.Empty(_sink.Signals);
        Drop(detector, 25);
        Assert.Equal(5, Assert.Single(_sink.Signals).Evidence.Count);
    }

    [Fact]
    public void OnEvent_CountsSilentReconnects_WhenConnectedArrivesWhileConnected()
    {
        var detector = Detector();
        detector.OnEvent(At(EventKind.Connected, 0));
        detector.OnEvent(At(EventKind.Connected, 10));
        detector.OnEvent(At(EventKind.Connected, 20));
        Assert.Empty(_sink.Signals);

        detector.OnEvent(At(EventKind.Connected, 30));

        var raised = Assert.Single(_sink.Signals);
        Assert.Equal(s_start + (30 * Minute), raised.TimestampMs);
        Assert.Equal(s_start + (10 * Minute), raised.Evidence.FirstMs);
    }

    [Fact]
    public void OnEvent_CountsOneDisconnect_WhenDisconnectedRecordIsRepeated()
    {
        var detector = Detector();
        detector.OnEvent(At(EventKind.Connected, 0));
        detector.OnEvent(At(EventKind.Disconnected, 10));
        detector.OnEvent(At(EventKind.Disconnected, 11));
        detector.OnEvent(At(EventKind.Disconnected, 12));

        Assert.Empty(_sink.Signals);
    }

    [Fact]
    public void OnEvent_IgnoresOtherChargers_WhenCountingDisconnects()
    {
        var other = _chargers.Intern("CP-2".AsSpan());
        var detector = Detector();
        Drop(detector, 10);
        Drop(detector, 20);
        detector.OnEvent(At(EventKind.Disconnected, 30, other));

        Assert.Empty(_sink.Signals);
    }

    [Fact]
    public void OnEvent_ClearsAtQuietPeriodEnd_WhenNextEventOfTheChargerComesLater()
    {
        var detector = Detector();
        RaiseByDropsAt(detector, 10, 20, 30);
        detector.OnEvent(At(EventKind.Heartbeat, 85));
        Assert.Equal(SignalState.Raised, Assert.Single(_sink.Signals).State);

        detector.OnEvent(At(EventKind.Heartbeat, 95));

        Assert.Equal(2, _sink.Signals.Count);
        Assert.Equal(ExpectedClear(clearMinute: 91, raisedMinute: 30, count: 3), _sink.Signals[1]);
    }

    [Fact]
    public void Tick_GivesTheSameClear_AsTheChargersNextEvent()
    {
        var byEvent = new RecordingSink();
        var eventDetector = new CommsStabilityDetector(_chargers, new CommsOptions(), byEvent);
        RaiseByDropsAt(eventDetector, 10, 20, 30);
        eventDetector.OnEvent(At(EventKind.Heartbeat, 200));
        Assert.Equal([SignalState.Raised, SignalState.Cleared], byEvent.Signals.Select(s => s.State));

        var detector = Detector();
        RaiseByDropsAt(detector, 10, 20, 30);
        detector.Tick(s_start + (91 * Minute) - 1);
        Assert.Single(_sink.Signals);
        detector.Tick(s_start + (91 * Minute));
        detector.OnEvent(At(EventKind.Heartbeat, 200));

        Assert.Equal(byEvent.Signals, _sink.Signals);
        Assert.Equal(ExpectedClear(clearMinute: 91, raisedMinute: 30, count: 3), _sink.Signals[1]);
    }

    [Fact]
    public void OnEvent_KeepsRaised_WhenLinkDropsAgainBeforeQuietPeriodEnds()
    {
        var detector = Detector();
        RaiseByDropsAt(detector, 10, 20, 30);
        Drop(detector, 80);
        detector.OnEvent(At(EventKind.Heartbeat, 140));
        Assert.Single(_sink.Signals);

        detector.OnEvent(At(EventKind.Heartbeat, 141));

        Assert.Equal(ExpectedClear(clearMinute: 141, raisedMinute: 30, count: 4), _sink.Signals[1]);
    }

    [Fact]
    public void Tick_DoesNotClear_WhileTheChargerStaysDisconnected()
    {
        var detector = Detector();
        detector.OnEvent(At(EventKind.Connected, 0));
        Drop(detector, 10);
        Drop(detector, 20);
        detector.OnEvent(At(EventKind.Disconnected, 30));

        detector.Tick(s_start + (600 * Minute));

        Assert.Single(_sink.Signals);
    }

    [Fact]
    public void OnEvent_TakesChargerTrafficAsReconnection_WhenConnectedRecordIsMissing()
    {
        var detector = Detector();
        RaiseByDropsAt(detector, 10, 20, 30);
        Drop(detector, 40);
        detector.OnEvent(At(EventKind.Disconnected, 50));
        detector.OnEvent(At(EventKind.Heartbeat, 55));

        detector.Tick(s_start + (115 * Minute));

        Assert.Equal(s_start + (115 * Minute), _sink.Signals[1].TimestampMs);
    }

    [Fact]
    public void OnEvent_RaisesAgain_WhenInstabilityReturnsAfterAClear()
    {
        var detector = Detector();
        RaiseByDropsAt(detector, 10, 20, 30);
        detector.Tick(s_start + (100 * Minute));
        Drop(detector, 200);
        Drop(detector, 210);
        Drop(detector, 220);

        Assert.Equal([SignalState.Raised, SignalState.Cleared, SignalState.Raised], _sink.Signals.Select(s => s.State));
        Assert.Equal(s_start + (220 * Minute), _sink.Signals[2].TimestampMs);
    }

    [Fact]
    public void OnEvent_AppliesLateEventAtChargersLatestTime_WhenItGoesBackInTime()
    {
        var detector = Detector();
        detector.OnEvent(At(EventKind.Connected, 0));
        Drop(detector, 10);
        Drop(detector, 20);
        detector.OnEvent(At(EventKind.Disconnected, 5));

        Assert.Equal(1, detector.ReorderedEvents);
        Assert.Equal(s_start + (21 * Minute), Assert.Single(_sink.Signals).TimestampMs);
    }

    [Fact]
    public void OnEvent_GivesIdenticalSignals_WhenTheSameEventsAreReplayed()
    {
        var events = new List<TelemetryEvent>();
        var other = _chargers.Intern("CP-2".AsSpan());
        for (var m = 0; m < 600; m += 7)
        {
            events.Add(At(m % 3 == 0 ? EventKind.Disconnected : EventKind.Connected, m, m % 2 == 0 ? _cp : other));
            events.Add(At(EventKind.Heartbeat, m + 1, _cp));
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
        var status = At(EventKind.Status, 0);
        var t = s_start;
        void Cycle()
        {
            // A drop every two hours: counted in the ring, never three within the window.
            detector.OnEvent(AtMs(EventKind.Connected, t));
            status.TimestampMs = t + Minute;
            detector.OnEvent(status);
            detector.OnEvent(AtMs(EventKind.Heartbeat, t + (2 * Minute)));
            detector.OnEvent(AtMs(EventKind.Disconnected, t + (60 * Minute)));
            detector.Tick(t + (60 * Minute));
            t += 120 * Minute;
        }

        for (var i = 0; i < 100; i++)
        {
            Cycle();
        }

        var allocated = AllocationMeter.FewestBytes(() =>
        {
            for (var i = 0; i < 2_500; i++)
            {
                Cycle();
            }
        });
        Assert.Empty(_sink.Signals);
        Assert.Equal(0, allocated);
    }

    [Theory]
    [InlineData(1, 60, 60)]
    [InlineData(17, 60, 60)]
    [InlineData(3, 0, 60)]
    [InlineData(3, -1, 60)]
    [InlineData(3, 60, 0)]
    public void Validate_Throws_WhenAnOptionIsOutOfRange(int disconnects, int windowMinutes, int quietMinutes)
    {
        var options = new CommsOptions
        {
            DisconnectsToRaise = disconnects,
            Window = TimeSpan.FromMinutes(windowMinutes),
            QuietToClear = TimeSpan.FromMinutes(quietMinutes),
        };

        Assert.Throws<ArgumentException>(options.Validate);
        Assert.Throws<ArgumentException>(() => new CommsStabilityDetector(_chargers, options, _sink));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(16)]
    public void Validate_Accepts_WhenDisconnectsToRaiseIsAtABound(int disconnects)
    {
        var options = new CommsOptions { DisconnectsToRaise = disconnects };

        options.Validate();

        Assert.Equal(disconnects, options.DisconnectsToRaise);
    }

    private List<Signal> Run(List<TelemetryEvent> events)
    {
        var sink = new RecordingSink();
        var detector = new CommsStabilityDetector(_chargers, new CommsOptions(), sink);
        foreach (var e in events)
        {
            detector.OnEvent(e);
        }

        return sink.Signals;
    }

    private CommsStabilityDetector Detector(CommsOptions? options = null) => new(_chargers, options ?? new CommsOptions(), _sink);

    /// <summary>Connects, then drops and reconnects a minute later at each given minute; the last reconnect is a minute after the last drop.</summary>
    private void RaiseByDropsAt(CommsStabilityDetector detector, params int[] minutes)
    {
        detector.OnEvent(At(EventKind.Connected, 0));
        foreach (var m in minutes)
        {
            Drop(detector, m);
        }
    }

    private void Drop(CommsStabilityDetector detector, int minute) => DropAtMs(detector, s_start + (minute * Minute));

    private void DropAtMs(CommsStabilityDetector detector, long t)
    {
        detector.OnEvent(AtMs(EventKind.Disconnected, t));
        detector.OnEvent(AtMs(EventKind.Connected, t + Minute));
    }

    private static Signal ExpectedClear(int clearMinute, int raisedMinute, int count) =>
        new(SignalTypes.CommsUnstable, SignalState.Cleared, s_start + (clearMinute * Minute), "CP-1", null, SignalScope.Charger,
            new SignalEvidence { Count = count, SinceMs = s_start + (raisedMinute * Minute), DurationMinutes = clearMinute - raisedMinute });

    private TelemetryEvent At(EventKind kind, int minute) => At(kind, minute, _cp);

    private static TelemetryEvent At(EventKind kind, int minute, int charger) =>
        TelemetryEvent.Create(kind, s_start + (minute * Minute), charger, OcppVersion.V16);

    private TelemetryEvent AtMs(EventKind kind, long t) => TelemetryEvent.Create(kind, t, _cp, OcppVersion.V16);
}
