using Telemetry.Engine.Comms;
using Telemetry.Engine.Signals;
using Telemetry.Engine.Tests.Support;
using Telemetry.Ocpp.Events;
using Telemetry.Testing;

namespace Telemetry.Engine.Tests.Comms;

public sealed class UnansweredCallsDetectorTests
{
    private const long Minute = 60_000;
    private static readonly long s_start = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    private readonly ChargerRegistry _chargers = new();
    private readonly RecordingSink _sink = new();
    private readonly int _cp;

    public UnansweredCallsDetectorTests() => _cp = _chargers.Intern("CP-1".AsSpan());

    [Fact]
    public void OnEvent_RaisesAtThirdUnansweredCall_WhileTheChargerKeepsHeartbeating()
    {
        var detector = Detector();
        Ignore(detector, 0);
        Ignore(detector, 10);
        Assert.Empty(_sink.Signals);

        Ignore(detector, 20);

        Assert.Equal(new Signal(SignalTypes.CommsUnstable, SignalState.Raised, At(25), "CP-1", null, SignalScope.Charger,
            new SignalEvidence
            {
                Reason = "unanswered_calls",
                Count = 3,
                WindowMinutes = 60,
                FirstMs = At(2),
                LastMs = At(22),
            }), Assert.Single(_sink.Signals));
        Assert.Equal(3, detector.UnansweredCalls);
    }

    [Fact]
    public void OnEvent_DoesNotRaise_WhenTheThirdUnansweredCallFallsOutsideTheWindow()
    {
        var detector = Detector();
        Ignore(detector, 0);
        Ignore(detector, 30);
        Ignore(detector, 60);

        Assert.Empty(_sink.Signals);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    public void OnEvent_TakesAnAnswerAtTheDeadlineAsAnswered_AndOneAfterAsUnanswered(long afterDeadlineMs, bool unanswered)
    {
        var detector = Detector();
        Ignore(detector, 0);
        Ignore(detector, 10);
        detector.OnEvent(Command(20, CommandAction.TriggerMessage));
        detector.OnEvent(ResultAtMs(At(22) + afterDeadlineMs, EventKind.CommandResult, CommandAction.TriggerMessage));
        detector.OnEvent(Heartbeat(25));

        Assert.Equal(unanswered, _sink.Signals.Count == 1);
    }

    [Fact]
    public void OnEvent_RaisesNothing_WhenCallsAreAnsweredByResultsResetResultsOrCallErrors()
    {
        var detector = Detector();
        for (var m = 0; m < 600; m += 10)
        {
            detector.OnEvent(Command(m, CommandAction.TriggerMessage));
            detector.OnEvent(Result(m, EventKind.CommandResult, CommandAction.TriggerMessage));
            detector.OnEvent(Reset(m + 1));
            detector.OnEvent(Result(m + 1, EventKind.ResetResult, CommandAction.Reset));
            detector.OnEvent(Command(m + 2, CommandAction.RemoteStartTransaction));
            detector.OnEvent(Result(m + 3, EventKind.CallError, CommandAction.RemoteStartTransaction));
            detector.OnEvent(Heartbeat(m + 5));
        }

        Assert.Empty(_sink.Signals);
        Assert.Equal(0, detector.UnansweredCalls);
    }

    [Fact]
    public void OnEvent_CountsNothing_WhenTheChargerIsSilentAndThenReconnects()
    {
        var detector = Detector();
        for (var m = 0; m < 30; m += 5)
        {
            detector.OnEvent(Command(m, CommandAction.ChangeAvailability));
        }

        detector.OnEvent(At(EventKind.Disconnected, 31));
        detector.OnEvent(At(EventKind.Connected, 40));
        detector.OnEvent(Heartbeat(45));

        Assert.Empty(_sink.Signals);
        Assert.Equal(0, detector.UnansweredCalls);
    }

    [Fact]
    public void OnEvent_DropsPendingCalls_WhenTheChargerBoots()
    {
        var detector = Detector();
        detector.OnEvent(Command(0, CommandAction.TriggerMessage));
        detector.OnEvent(Command(1, CommandAction.TriggerMessage));
        detector.OnEvent(Reset(2));
        detector.OnEvent(At(EventKind.Boot, 10));
        detector.OnEvent(Heartbeat(15));

        Assert.Equal(0, detector.UnansweredCalls);
    }

    [Fact]
    public void OnEvent_TracksCommandsOutsideTheList_AnsweredAsOther()
    {
        var answered = Detector();
        for (var m = 0; m < 30; m += 5)
        {
            answered.OnEvent(Command(m, CommandAction.Other));
            answered.OnEvent(Result(m + 1, EventKind.CommandResult, CommandAction.Other));
            answered.OnEvent(Heartbeat(m + 4));
        }

        Assert.Empty(_sink.Signals);
        Assert.Equal(0, answered.UnansweredCalls);

        var ignored = Detector();
        for (var m = 0; m < 30; m += 5)
        {
            ignored.OnEvent(Command(m, CommandAction.Other));
            ignored.OnEvent(Heartbeat(m + 4));
        }

        Assert.True(ignored.UnansweredCalls >= 3, $"{ignored.UnansweredCalls} unanswered");
    }

    [Fact]
    public void OnEvent_ClearsAtTheAnswer_WhenACallIsAnsweredAgain()
    {
        var detector = Detector();
        Ignore(detector, 0);
        Ignore(detector, 10);
        Ignore(detector, 20);
        Ignore(detector, 30);

        detector.OnEvent(Command(40, CommandAction.UnlockConnector));
        detector.OnEvent(Result(41, EventKind.CommandResult, CommandAction.UnlockConnector));

        Assert.Equal(new Signal(SignalTypes.CommsUnstable, SignalState.Cleared, At(41), "CP-1", null, SignalScope.Charger,
            new SignalEvidence
            {
                Reason = "unanswered_calls",
                Count = 4,
                LastMs = At(32),
                SinceMs = At(25),
                DurationMinutes = 16,
            }), _sink.Signals[1]);
    }

    [Fact]
    public void Tick_GivesTheSameQuietClear_AsTheChargersNextEvent()
    {
        var byEvent = new RecordingSink();
        var eventDetector = new UnansweredCallsDetector(_chargers, new UnansweredCallsOptions(), byEvent);
        Ignore(eventDetector, 0);
        Ignore(eventDetector, 10);
        Ignore(eventDetector, 20);
        eventDetector.OnEvent(Heartbeat(200));

        var detector = Detector();
        Ignore(detector, 0);
        Ignore(detector, 10);
        Ignore(detector, 20);
        detector.Tick(At(82) - 1);
        Assert.Single(_sink.Signals);
        detector.Tick(At(82));
        detector.OnEvent(Heartbeat(200));

        Assert.Equal(2, _sink.Signals.Count);
        Assert.Equal(byEvent.Signals, _sink.Signals);
        Assert.Equal(At(82), _sink.Signals[1].TimestampMs);
    }

    [Fact]
    public void OnEvent_GivesTheSameSignals_WhenChargersInterleaveOutOfOrderWithinLateness()
    {
        var other = _chargers.Intern("CP-2".AsSpan());
        var events = new List<TelemetryEvent>();
        foreach (var charger in new[] { _cp, other })
        {
            for (var m = 0; m < 240; m += 10)
            {
                var e = Command(m, CommandAction.TriggerMessage);
                e.Charger = charger;
                events.Add(e);
                if (m >= 120)
                {
                    var answer = Result(m + 1, EventKind.CommandResult, CommandAction.TriggerMessage);
                    answer.Charger = charger;
                    events.Add(answer);
                }

                var beat = Heartbeat(m + 5);
                beat.Charger = charger;
                events.Add(beat);
            }
        }

        var expected = Replay([.. events.OrderBy(e => e.TimestampMs)]);
        var actual = Replay([.. events.OrderBy(e => e.TimestampMs + (e.Charger == _cp ? 2 * Minute : 0))]);

        Assert.Equal(4, expected.Count);
        Assert.Equal(expected.OrderBy(s => s.ChargePoint, StringComparer.Ordinal).ThenBy(s => s.TimestampMs),
            actual.OrderBy(s => s.ChargePoint, StringComparer.Ordinal).ThenBy(s => s.TimestampMs));
    }

    [Fact]
    public void OnEvent_CountsDroppedCalls_WhenMoreThanTheRingAreInFlight()
    {
        var detector = Detector();
        for (var i = 0; i < UnansweredCallsDetector.MaxPendingCalls + 3; i++)
        {
            detector.OnEvent(CommandAtMs(s_start + i, CommandAction.TriggerMessage));
        }

        detector.OnEvent(Heartbeat(5));

        Assert.Equal(3, detector.UntrackedCalls);
        Assert.Equal(UnansweredCallsDetector.MaxPendingCalls, detector.UnansweredCalls);
    }

    [Fact]
    public void OnEvent_AllocatesNothing_WhenNoSignalIsEmitted()
    {
        var detector = Detector();
        var command = Command(0, CommandAction.TriggerMessage);
        var result = Result(0, EventKind.CommandResult, CommandAction.TriggerMessage);
        var beat = Heartbeat(0);
        var t = s_start;
        void Cycle()
        {
            // Answered CALLs, and one unanswered CALL an hour: counted, never three in the window.
            command.TimestampMs = t;
            detector.OnEvent(command);
            result.TimestampMs = t + 1_000;
            detector.OnEvent(result);
            command.TimestampMs = t + (2 * Minute);
            detector.OnEvent(command);
            beat.TimestampMs = t + (5 * Minute);
            detector.OnEvent(beat);
            detector.Tick(t + (5 * Minute));
            t += 61 * Minute;
        }

        const int WarmUpCycles = 100;
        const int MeasuredCycles = 2_500;
        for (var i = 0; i < WarmUpCycles; i++)
        {
            Cycle();
        }

        var allocated = AllocationMeter.FewestBytes(() =>
        {
            for (var i = 0; i < MeasuredCycles; i++)
            {
                Cycle();
            }
        });
        Assert.Empty(_sink.Signals);
        Assert.Equal(WarmUpCycles + (AllocationMeter.DefaultRuns * MeasuredCycles), detector.UnansweredCalls);
        Assert.Equal(0, allocated);
    }

    [Theory]
    [InlineData(1, 60, 2, 60)]
    [InlineData(17, 60, 2, 60)]
    [InlineData(3, 0, 2, 60)]
    [InlineData(3, 60, 0, 60)]
    [InlineData(3, 60, 2, 0)]
    public void Validate_Throws_WhenAnOptionIsOutOfRange(int unanswered, int windowMinutes, int timeoutMinutes, int quietMinutes)
    {
        var options = new UnansweredCallsOptions
        {
            UnansweredToRaise = unanswered,
            Window = TimeSpan.FromMinutes(windowMinutes),
            AnswerTimeout = TimeSpan.FromMinutes(timeoutMinutes),
            QuietToClear = TimeSpan.FromMinutes(quietMinutes),
        };

        Assert.Throws<ArgumentException>(options.Validate);
        Assert.Throws<ArgumentException>(() => new UnansweredCallsDetector(_chargers, options, _sink));
    }

    private List<Signal> Replay(List<TelemetryEvent> events)
    {
        var sink = new RecordingSink();
        var detector = new UnansweredCallsDetector(_chargers, new UnansweredCallsOptions(), sink);
        var latest = long.MinValue;
        foreach (var e in events)
        {
            latest = Math.Max(latest, e.TimestampMs);
            detector.Tick(latest - (2 * Minute));
            detector.OnEvent(e);
        }

        return sink.Signals;
    }

    private UnansweredCallsDetector Detector() => new(_chargers, new UnansweredCallsOptions(), _sink);

    /// <summary>A TriggerMessage at the minute that gets no answer, and a heartbeat five minutes later.</summary>
    private void Ignore(UnansweredCallsDetector detector, int minute)
    {
        detector.OnEvent(Command(minute, CommandAction.TriggerMessage));
        detector.OnEvent(Heartbeat(minute + 5));
    }

    private static long At(int minute) => s_start + (minute * Minute);

    private TelemetryEvent At(EventKind kind, int minute) => TelemetryEvent.Create(kind, At(minute), _cp, OcppVersion.V16);

    private TelemetryEvent Heartbeat(int minute) => At(EventKind.Heartbeat, minute);

    private TelemetryEvent Command(int minute, CommandAction action) => CommandAtMs(At(minute), action);

    private TelemetryEvent CommandAtMs(long t, CommandAction action)
    {
        var e = TelemetryEvent.Create(EventKind.Command, t, _cp, OcppVersion.V16);
        e.Origin = EventOrigin.Csms;
        e.Detail = (byte)action;
        return e;
    }

    private TelemetryEvent Reset(int minute)
    {
        var e = At(EventKind.ResetRequested, minute);
        e.Origin = EventOrigin.Csms;
        e.Detail = (byte)ResetType.Soft;
        return e;
    }

    private TelemetryEvent Result(int minute, EventKind kind, CommandAction action) => ResultAtMs(At(minute), kind, action);

    private TelemetryEvent ResultAtMs(long t, EventKind kind, CommandAction action)
    {
        var e = TelemetryEvent.Create(kind, t, _cp, OcppVersion.V16);
        e.Detail = kind == EventKind.CallError ? (byte)CallErrorCode.InternalError : (byte)CommandStatus.Accepted;
        e.Reason = (byte)action;
        return e;
    }
}
