using System.Buffers;
using Telemetry.Engine.Checkpoints;
using Telemetry.Engine.Restarts;
using Telemetry.Engine.Signals;
using Telemetry.Engine.Tests.Sessions;
using Telemetry.Engine.Tests.Support;
using Telemetry.Ocpp.Events;
using Telemetry.Testing;

namespace Telemetry.Engine.Tests.Restarts;

public sealed class RestartEfficacyDetectorTests
{
    private const long Second = 1000;
    private const long Minute = 60 * Second;
    private const long Hour = 60 * Minute;
    private const long Day = 24 * Hour;
    private static readonly long s_start = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    private readonly ChargerRegistry _chargers = new();
    private readonly RecordingSink _sink = new();
    private readonly OcppEvents _cp;

    public RestartEfficacyDetectorTests() => _cp = new OcppEvents(_chargers.Intern("CP-1".AsSpan()), s_start);

    [Fact]
    public void Tick_CountsRestartAsHeld_WhenTheFaultStaysAwayForTheDurabilityWindow()
    {
        var detector = Detector();
        Restart16(detector, 0, ErrorCode.GroundFailure);
        var recovered = 0 + (6 * Minute);

        detector.Tick(_cp.At(recovered + Day) - 1);
        Assert.Equal(new RestartHistory(1, 0, 0), detector.HistoryOf(_cp.Charger, 1));
        detector.Tick(_cp.At(recovered + Day));

        Assert.Equal(new RestartHistory(1, 1, 0), detector.HistoryOf(_cp.Charger, 1));
        Assert.Empty(_sink.Signals);
    }

    [Fact]
    public void OnEvent_RaisesAtSecondRestartThatDoesNotHold_In16Shape()
    {
        var detector = Detector();
        Restart16(detector, 0, ErrorCode.GroundFailure);
        detector.OnEvent(_cp.Status(3 * Hour, 1, ConnectorStatus.Faulted, ErrorCode.GroundFailure));
        Assert.Equal(new RestartHistory(1, 0, 1), detector.HistoryOf(_cp.Charger, 1));
        Assert.Empty(_sink.Signals);

        Restart16(detector, 4 * Hour, ErrorCode.GroundFailure);
        detector.OnEvent(_cp.Status(9 * Hour, 1, ConnectorStatus.Faulted, ErrorCode.GroundFailure));

        Assert.Equal(new Signal(SignalTypes.RestartIneffective, SignalState.Raised, _cp.At(9 * Hour), "CP-1", 1, SignalScope.Connector,
            new SignalEvidence
            {
                Count = 2,
                RestartsTried = 2,
                RestartsHeld = 0,
                Status = "Faulted",
                ErrorCode = "GroundFailure",
                WindowMinutes = 7 * 24 * 60,
                FirstMs = _cp.At(3 * Hour),
                LastMs = _cp.At(9 * Hour),
            }), Assert.Single(_sink.Signals));
    }

    [Fact]
    public void OnEvent_RaisesAtSecondRestartThatDoesNotHold_In201Shape()
    {
        var detector = Detector();
        for (var i = 0; i < 2; i++)
        {
            var t = i * 6 * Hour;
            Feed(detector,
                _cp.Status(t, 1, ConnectorStatus.Faulted, version: OcppVersion.V201),
                _cp.Reset(t + Hour, version: OcppVersion.V201),
                _cp.ResetAnswer(t + Hour + 200, CommandStatus.Accepted, OcppVersion.V201),
                _cp.Boot(t + Hour + (2 * Minute), BootReason.RemoteReset),
                _cp.Status(t + Hour + (3 * Minute), 1, ConnectorStatus.Available, version: OcppVersion.V201),
                _cp.Status(t + (3 * Hour), 1, ConnectorStatus.Faulted, version: OcppVersion.V201));
        }

        var raised = Assert.Single(_sink.Signals);
        Assert.Equal(_cp.At(9 * Hour), raised.TimestampMs);
        Assert.Null(raised.Evidence.ErrorCode);
        Assert.Equal("Faulted", raised.Evidence.Status);
    }

    [Fact]
    public void OnEvent_DoesNotCountADifferentFault_AsTheRestartFailing()
    {
        var detector = Detector();
        Restart16(detector, 0, ErrorCode.GroundFailure);
        detector.OnEvent(_cp.Status(3 * Hour, 1, ConnectorStatus.Faulted, ErrorCode.ConnectorLockFailure));
        detector.OnEvent(_cp.Status(4 * Hour, 1, ConnectorStatus.Available));

        detector.Tick(_cp.At(2 * Day));

        Assert.Equal(new RestartHistory(1, 1, 0), detector.HistoryOf(_cp.Charger, 1));
    }

    [Fact]
    public void Tick_CountsRestartAsNotHeld_WhenThePortIsStillDownAtTheRecoveryDeadline_AsTheNextEventDoes()
    {
        var byEvent = new RecordingSink();
        var eventDetector = new RestartEfficacyDetector(_chargers, new RestartOptions(), byEvent);
        var detector = Detector();
        foreach (var d in new[] { eventDetector, detector })
        {
            for (var i = 0; i < 2; i++)
            {
                var t = i * 3 * Hour;
                Feed(d,
                    _cp.Status(t, 1, ConnectorStatus.Faulted, ErrorCode.PowerSwitchFailure),
                    _cp.Reset(t + Minute),
                    _cp.Boot(t + (3 * Minute)),
                    _cp.Status(t + (4 * Minute), 1, ConnectorStatus.Unavailable));
            }
        }

        detector.Tick(_cp.At((3 * Hour) + (33 * Minute)) - 1);
        Assert.Empty(_sink.Signals);
        detector.Tick(_cp.At((3 * Hour) + (33 * Minute)));
        eventDetector.OnEvent(_cp.Heartbeat(5 * Hour));

        Assert.Equal(byEvent.Signals, _sink.Signals);
        Assert.Equal(_cp.At((3 * Hour) + (33 * Minute)), Assert.Single(_sink.Signals).TimestampMs);
        Assert.Equal(new RestartHistory(2, 0, 2), detector.HistoryOf(_cp.Charger));
    }

    [Fact]
    public void OnEvent_CountsNoRestart_WhenTheResetIsRejected()
    {
        var detector = Detector();
        Feed(detector,
            _cp.Status(0, 1, ConnectorStatus.Faulted, ErrorCode.GroundFailure),
            _cp.Reset(Minute),
            _cp.ResetAnswer(Minute + 200, CommandStatus.Rejected),
            _cp.Boot(5 * Minute));

        Assert.Equal(default, detector.HistoryOf(_cp.Charger, 1));
    }

    [Fact]
    public void OnEvent_CountsNoRestart_WhenNoBootFollowsWithinTheBootWindow()
    {
        var detector = Detector();
        Feed(detector,
            _cp.Status(0, 1, ConnectorStatus.Faulted, ErrorCode.GroundFailure),
            _cp.Reset(Minute),
            _cp.Boot(Minute + (15 * Minute)));

        Assert.Equal(default, detector.HistoryOf(_cp.Charger, 1));
    }

    [Fact]
    public void OnEvent_FollowsNothing_WhenTheResetFindsNoFault()
    {
        var detector = Detector();
        Feed(detector,
            _cp.Status(0, 1, ConnectorStatus.Available),
            _cp.Reset(Minute),
            _cp.Boot(3 * Minute),
            _cp.Status(4 * Minute, 1, ConnectorStatus.Available),
            _cp.Status(Hour, 1, ConnectorStatus.Faulted, ErrorCode.GroundFailure));

        Assert.Equal(default, detector.HistoryOf(_cp.Charger));
    }

    [Fact]
    public void OnEvent_RaisesForTheWholeCharger_WhenConnectorZeroIsTheFault()
    {
        var detector = Detector();
        for (var i = 0; i < 2; i++)
        {
            var t = i * 6 * Hour;
            Feed(detector,
                _cp.Status(t, 0, ConnectorStatus.Faulted, ErrorCode.InternalError),
                _cp.Status(t, 1, ConnectorStatus.Available),
                _cp.Reset(t + Hour),
                _cp.Boot(t + Hour + (2 * Minute)),
                _cp.Status(t + Hour + (3 * Minute), 0, ConnectorStatus.Available),
                _cp.Status(t + (2 * Hour), 0, ConnectorStatus.Faulted, ErrorCode.InternalError));
        }

        var raised = Assert.Single(_sink.Signals);
        Assert.Null(raised.Port);
        Assert.Equal(SignalScope.Charger, raised.Scope);
        Assert.Equal(new RestartHistory(2, 0, 2), detector.HistoryOf(_cp.Charger, 0));
        Assert.Equal(default, detector.HistoryOf(_cp.Charger, 1));
    }

    [Fact]
    public void OnEvent_RestartsOnlyTheNamedEvse_WhenA201ResetTargetsOne()
    {
        var detector = Detector();
        Feed(detector,
            _cp.Status(0, 1, ConnectorStatus.Faulted, version: OcppVersion.V201),
            _cp.Status(0, 2, ConnectorStatus.Faulted, version: OcppVersion.V201),
            _cp.Reset(Minute, 2, OcppVersion.V201),
            _cp.Status(2 * Minute, 2, ConnectorStatus.Available, version: OcppVersion.V201));
        detector.Tick(_cp.At(2 * Day));

        Assert.Equal(new RestartHistory(1, 1, 0), detector.HistoryOf(_cp.Charger, 2));
        Assert.Equal(default, detector.HistoryOf(_cp.Charger, 1));
    }

    [Fact]
    public void OnEvent_ClearsWhenARestartHolds()
    {
        var detector = Detector();
        RaiseByFailedRestarts(detector);
        Restart16(detector, Day, ErrorCode.GroundFailure);

        detector.Tick(_cp.At(Day + (6 * Minute) + Day));

        Assert.Equal(2, _sink.Signals.Count);
        Assert.Equal(new Signal(SignalTypes.RestartIneffective, SignalState.Cleared, _cp.At(2 * Day + (6 * Minute)), "CP-1", 1, SignalScope.Connector,
            new SignalEvidence { Count = 2, SinceMs = _cp.At(9 * Hour), DurationMinutes = ((39 * Hour) + (6 * Minute)) / (double)Minute }), _sink.Signals[1]);
        Assert.Equal(new RestartHistory(3, 1, 2), detector.HistoryOf(_cp.Charger, 1));
    }

    [Fact]
    public void Tick_ClearsAWeekAfterTheLastRestartThatDidNotHold()
    {
        var detector = Detector();
        RaiseByFailedRestarts(detector);

        detector.Tick(_cp.At((9 * Hour) + (7 * Day)) - 1);
        Assert.Single(_sink.Signals);
        detector.Tick(_cp.At((9 * Hour) + (7 * Day)));

        Assert.Equal(SignalState.Cleared, _sink.Signals[1].State);
        Assert.Equal(_cp.At((9 * Hour) + (7 * Day)), _sink.Signals[1].TimestampMs);
    }

    [Fact]
    public void OnEvent_GivesTheSameSignals_WhenChargersInterleaveOutOfOrderWithinTheLateness()
    {
        var other = new OcppEvents(_chargers.Intern("CP-2".AsSpan()), s_start);
        var events = new List<TelemetryEvent>();
        foreach (var cp in new[] { _cp, other })
        {
            for (var i = 0; i < 2; i++)
            {
                var t = i * 6 * Hour;
                events.Add(cp.Status(t, 1, ConnectorStatus.Faulted, ErrorCode.GroundFailure));
                events.Add(cp.Reset(t + Hour));
                events.Add(cp.Boot(t + Hour + (2 * Minute)));
                events.Add(cp.Status(t + Hour + (3 * Minute), 1, ConnectorStatus.Available));
                // The fault returns on CP-1 only.
                events.Add(cp == _cp
                    ? cp.Status(t + (3 * Hour), 1, ConnectorStatus.Faulted, ErrorCode.GroundFailure)
                    : cp.Heartbeat(t + (3 * Hour)));
            }
        }

        var inOrder = Run(events.OrderBy(e => e.TimestampMs));
        var skewed = Run(events.OrderBy(e => e.Charger == other.Charger ? e.TimestampMs + (90 * Second) : e.TimestampMs));

        Assert.Equal("CP-1", Assert.Single(inOrder).ChargePoint);
        Assert.Equal(inOrder, skewed);
    }

    [Fact]
    public void OnEvent_AllocatesNothing_WhenNoSignalIsEmitted()
    {
        var detector = Detector();
        var t = 0L;
        void Cycle()
        {
            // A restart that holds, a planned reset of a healthy charger, traffic between.
            detector.OnEvent(_cp.Status(t, 1, ConnectorStatus.Faulted, ErrorCode.GroundFailure));
            detector.OnEvent(_cp.Reset(t + Minute));
            detector.OnEvent(_cp.ResetAnswer(t + Minute + 100, CommandStatus.Accepted));
            detector.OnEvent(_cp.Boot(t + (3 * Minute)));
            detector.OnEvent(_cp.Status(t + (4 * Minute), 1, ConnectorStatus.Available));
            detector.OnEvent(_cp.Heartbeat(t + Hour));
            detector.Tick(_cp.At(t + (25 * Hour)));
            detector.OnEvent(_cp.Reset(t + (26 * Hour)));
            detector.OnEvent(_cp.Boot(t + (26 * Hour) + Minute));
            t += 2 * Day;
        }

        const int WarmUpCycles = 100;
        const int MeasuredCycles = 2_000;
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
        const int Cycles = WarmUpCycles + (AllocationMeter.DefaultRuns * MeasuredCycles);
        Assert.Equal(new RestartHistory(Cycles, Cycles, 0), detector.HistoryOf(_cp.Charger));
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void RestoreFrom_CarriesOnTheFollowedRestartAndHistory_InARegistryOfAnotherOrder()
    {
        var uninterrupted = Detector();
        var before = Detector();
        foreach (var detector in new[] { uninterrupted, before })
        {
            // One restart that did not hold, and a second one followed up to its recovery.
            Restart16(detector, 0, ErrorCode.GroundFailure);
            detector.OnEvent(_cp.Status(3 * Hour, 1, ConnectorStatus.Faulted, ErrorCode.GroundFailure));
            Restart16(detector, 4 * Hour, ErrorCode.GroundFailure);
        }

        var state = new ArrayBufferWriter<byte>();
        var ids = new CheckpointIds();
        before.WriteTo(new CheckpointWriter(state), ids);
        var idTable = new ArrayBufferWriter<byte>();
        ids.WriteTo(new CheckpointWriter(idTable), _chargers, new TextCodeRegistry());

        var chargers = new ChargerRegistry();
        chargers.Intern("CP-0".AsSpan());
        var sink = new RecordingSink();
        var restored = new RestartEfficacyDetector(chargers, new RestartOptions(), sink);
        var idReader = new CheckpointReader(idTable.WrittenSpan);
        var map = CheckpointIds.Read(ref idReader, chargers, new TextCodeRegistry());
        var reader = new CheckpointReader(state.WrittenSpan);
        restored.RestoreFrom(ref reader, map);
        var charger = chargers.Intern("CP-1".AsSpan());

        Assert.Equal(0, reader.Remaining);
        Assert.NotEqual(_cp.Charger, charger);
        Assert.Equal(uninterrupted.HistoryOf(_cp.Charger, 1), restored.HistoryOf(charger, 1));
        var fault = _cp.Status(9 * Hour, 1, ConnectorStatus.Faulted, ErrorCode.GroundFailure);
        uninterrupted.OnEvent(fault);
        fault.Charger = charger;
        restored.OnEvent(fault);
        Assert.Equal(new RestartHistory(2, 0, 2), restored.HistoryOf(charger, 1));
        Assert.Equal(SignalState.Raised, Assert.Single(sink.Signals).State);
        Assert.Equal(_sink.Signals, sink.Signals);
    }

    [Theory]
    [InlineData(0, 30, 24, 2, 7)]
    [InlineData(15, 0, 24, 2, 7)]
    [InlineData(15, 30, 0, 2, 7)]
    [InlineData(15, 30, 24, 0, 7)]
    [InlineData(15, 30, 24, 17, 7)]
    [InlineData(15, 30, 24, 2, 0)]
    public void Validate_Throws_WhenAnOptionIsOutOfRange(int bootMinutes, int recoveryMinutes, int durabilityHours, int notHeld, int windowDays)
    {
        var options = new RestartOptions
        {
            BootWithin = TimeSpan.FromMinutes(bootMinutes),
            RecoveryWithin = TimeSpan.FromMinutes(recoveryMinutes),
            Durability = TimeSpan.FromHours(durabilityHours),
            NotHeldToRaise = notHeld,
            Window = TimeSpan.FromDays(windowDays),
        };

        Assert.Throws<ArgumentException>(options.Validate);
        Assert.Throws<ArgumentException>(() => new RestartEfficacyDetector(_chargers, options, _sink));
    }

    private RestartEfficacyDetector Detector() => new(_chargers, new RestartOptions(), _sink);

    private List<Signal> Run(IEnumerable<TelemetryEvent> events)
    {
        var sink = new RecordingSink();
        var detector = new RestartEfficacyDetector(_chargers, new RestartOptions(), sink);
        foreach (var e in events)
        {
            detector.OnEvent(e);
        }

        return sink.Signals;
    }

    private static void Feed(RestartEfficacyDetector detector, params TelemetryEvent[] events)
    {
        foreach (var e in events)
        {
            detector.OnEvent(e);
        }
    }

    /// <summary>Faulted at <paramref name="atMs"/>, CSMS Reset a minute later (accepted), boot at +3 min, Available at +6 min.</summary>
    private void Restart16(RestartEfficacyDetector detector, long atMs, ErrorCode error) =>
        Feed(detector,
            _cp.Status(atMs, 1, ConnectorStatus.Faulted, error),
            _cp.Reset(atMs + Minute),
            _cp.ResetAnswer(atMs + Minute + 200, CommandStatus.Accepted),
            _cp.Boot(atMs + (3 * Minute)),
            _cp.Status(atMs + (4 * Minute), 1, ConnectorStatus.Unavailable),
            _cp.Status(atMs + (6 * Minute), 1, ConnectorStatus.Available));

    /// <summary>Two restarts whose fault returns (at 3 h and 9 h): raised at 9 h.</summary>
    private void RaiseByFailedRestarts(RestartEfficacyDetector detector)
    {
        Restart16(detector, 0, ErrorCode.GroundFailure);
        detector.OnEvent(_cp.Status(3 * Hour, 1, ConnectorStatus.Faulted, ErrorCode.GroundFailure));
        Restart16(detector, 4 * Hour, ErrorCode.GroundFailure);
        detector.OnEvent(_cp.Status(9 * Hour, 1, ConnectorStatus.Faulted, ErrorCode.GroundFailure));
        Assert.Single(_sink.Signals);
    }
}
