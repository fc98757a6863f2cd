using Telemetry.Engine.Sessions;
using Telemetry.Engine.Signals;
using Telemetry.Ocpp.Events;
using Telemetry.Testing;

namespace Telemetry.Engine.Tests.Sessions;

public sealed class SessionDetectorTests
{
    private const long Second = 1000;
    private const long Minute = 60 * Second;
    private const long Hour = 60 * Minute;
    private static readonly long s_start = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    private readonly ChargerRegistry _chargers = new();
    private readonly RecordingSessionSink _sink = new();
    private readonly OcppEvents _cp;
    private int _nextTransaction = 100;
    private ushort _nextText = 10;

    public SessionDetectorTests() => _cp = new OcppEvents(_chargers.Intern("CP-1".AsSpan()), s_start);

    [Fact]
    public void OnEvent_EmitsSessionRecord_ForAHealthy16Session()
    {
        var detector = Detector();
        Feed(detector,
            _cp.Authorized(0, AuthorizationStatus.Accepted),
            _cp.Status(5 * Second, 1, ConnectorStatus.Preparing),
            _cp.Start16(20 * Second, 1, 1_000),
            _cp.StartAnswer(20 * Second + 100, 4711),
            _cp.Status(22 * Second, 1, ConnectorStatus.Charging),
            _cp.Meter(15 * Minute, 1, Measurand.PowerActiveImport, 48_000),
            _cp.Meter(15 * Minute, 1, Measurand.EnergyActiveImportRegister, 13_000),
            _cp.Meter(30 * Minute, 1, Measurand.PowerActiveImport, 50_500),
            _cp.Stop16(45 * Minute, 4711, 37_000, StopReason.Local),
            _cp.Status(45 * Minute + 2 * Second, 1, ConnectorStatus.Finishing),
            _cp.Status(50 * Minute, 1, ConnectorStatus.Available));

        var record = Assert.Single(_sink.Sessions);
        Assert.Equal(new SessionRecord(_cp.Charger, 1, OcppVersion.V16, 4711, 0, _cp.At(20 * Second), _cp.At(45 * Minute),
            36_000, 50_500, StopReason.Local, AuthorizationStatus.Accepted, default, false, SessionOutcome.Succeeded), record);
        Assert.True(record.Successful);
        Assert.Equal(new SessionCounts(Attempts: 1, Starts: 1, Successes: 1, FailedStarts: 0, RejectedStarts: 0, EarlyTerminations: 0, Visits: 1, FirstAttemptSuccesses: 1),
            detector.CountsOf(_cp.Charger, 1));
        Assert.Empty(_sink.Signals);
    }

    [Fact]
    public void OnEvent_EmitsSessionRecord_ForAHealthy201Session()
    {
        var detector = Detector();
        Feed(detector,
            _cp.Authorized(0, AuthorizationStatus.Accepted, OcppVersion.V201),
            _cp.Status(5 * Second, 2, ConnectorStatus.Occupied, version: OcppVersion.V201),
            _cp.Started201(20 * Second, 2, 7, 5_000),
            _cp.Updated201(20 * Second + (15 * Minute), 7, 15_000),
            _cp.Updated201(20 * Second + (30 * Minute), 7, 20_000),
            _cp.Ended201(20 * Second + (40 * Minute), 7, 23_000, StopReason.EVDisconnected),
            _cp.Status(41 * Minute, 2, ConnectorStatus.Available, version: OcppVersion.V201));

        var record = Assert.Single(_sink.Sessions);
        // No power readings: the peak is the best average between readings, 10 kWh in 15 minutes.
        Assert.Equal(new SessionRecord(_cp.Charger, 2, OcppVersion.V201, 0, 7, _cp.At(20 * Second), _cp.At(20 * Second + (40 * Minute)),
            18_000, 40_000, StopReason.EVDisconnected, AuthorizationStatus.Accepted, default, false, SessionOutcome.Succeeded), record);
        Assert.Equal(1, detector.CountsOf(_cp.Charger).Successes);
    }

    [Fact]
    public void OnEvent_RecordsErrorCodes_OfThePortAndTheStationDuringTheSession()
    {
        var detector = Detector();
        Feed(detector,
            _cp.Status(0, 1, ConnectorStatus.Available, ErrorCode.PowerMeterFailure),
            _cp.Start16(Minute, 1, 0),
            _cp.StartAnswer(Minute + 100, 1),
            _cp.Status(2 * Minute, 1, ConnectorStatus.Charging, ErrorCode.HighTemperature),
            _cp.Status(3 * Minute, 0, ConnectorStatus.Available, ErrorCode.UnderVoltage),
            _cp.Stop16(30 * Minute, 1, 5_000, StopReason.Local));

        var errors = Assert.Single(_sink.Sessions).Errors;
        Assert.True(errors.Contains(ErrorCode.HighTemperature));
        Assert.True(errors.Contains(ErrorCode.UnderVoltage));
        Assert.False(errors.Contains(ErrorCode.PowerMeterFailure));
        Assert.Equal("HighTemperature;UnderVoltage", errors.ToNames(';'));
    }

    [Theory]
    [InlineData(StopReason.EVDisconnected)]
    [InlineData(StopReason.PowerLoss)]
    [InlineData(StopReason.EmergencyStop)]
    [InlineData(StopReason.Other)]
    public void OnEvent_RaisesAtThirdEarlyTermination_WhenAllAreWithinTheWindow(StopReason reason)
    {
        var detector = Detector();
        Session16(detector, 0, 90 * Second, 20, reason);
        Session16(detector, 3 * Hour, 90 * Second, 20, reason);
        Assert.Empty(_sink.Signals);

        Session16(detector, 10 * Hour, 90 * Second, 20, reason);

        var raised = Assert.Single(_sink.Signals);
        Assert.Equal(new Signal(SignalTypes.SessionFailures, SignalState.Raised, _cp.At(10 * Hour + (100 * Second)), "CP-1", 1, SignalScope.Connector,
            new SignalEvidence
            {
                Count = 3,
                Attempts = 3,
                FailedStarts = 0,
                EarlyTerminations = 3,
                Share = 1,
                WindowMinutes = 24 * 60,
                FirstMs = _cp.At(100 * Second),
                LastMs = _cp.At(10 * Hour + (100 * Second)),
                StopReason = reason.ToString(),
            }), raised);
        Assert.All(_sink.Sessions, s => Assert.Equal(SessionOutcome.EarlyTermination, s.Outcome));
        Assert.Equal(3, detector.CountsOf(_cp.Charger, 1).EarlyTerminations);
    }

    [Fact]
    public void OnEvent_RaisesForEarlyTerminations_In201Shape()
    {
        var detector = Detector();
        for (var i = 0; i < 3; i++)
        {
            Session201(detector, i * 2 * Hour, Minute, 30, StopReason.EVDisconnected);
        }

        var raised = Assert.Single(_sink.Signals);
        Assert.Equal((ushort)1, raised.Port);
        Assert.Equal(3, raised.Evidence.EarlyTerminations);
    }

    [Theory]
    [InlineData(StopReason.Local, 90 * Second, 20)]
    [InlineData(StopReason.Remote, 30 * Second, 0)]
    [InlineData(StopReason.SOCLimitReached, 60 * Second, 50)]
    [InlineData(StopReason.EVDisconnected, 40 * Minute, 22_000)]
    [InlineData(StopReason.PowerLoss, 2 * Minute, 100)]
    public void OnEvent_CountsSessionAsSuccess_WhenNotAnAbnormalStopThatIsShortOrEmpty(StopReason reason, long durationMs, int energyWh)
    {
        var detector = Detector();
        for (var i = 0; i < 4; i++)
        {
            Session16(detector, i * Hour, durationMs, energyWh, reason);
        }

        Assert.Empty(_sink.Signals);
        Assert.All(_sink.Sessions, s => Assert.Equal(SessionOutcome.Succeeded, s.Outcome));
        Assert.Equal(4, detector.CountsOf(_cp.Charger, 1).Successes);
    }

    [Fact]
    public void OnEvent_JudgesOfflineSessionOnEnergyOnly_WhenItsTimesAreWhenTheCsmsSawThem()
    {
        var detector = Detector();
        for (var i = 0; i < 3; i++)
        {
            // Queued during a connection loss: Started and Ended arrive seconds apart, 20 kWh delivered.
            var tx = _nextText++;
            var t = i * Hour;
            Feed(detector,
                _cp.Started201(t, 1, tx, 1_000) with { Offline = true },
                _cp.Ended201(t + (5 * Second), tx, 21_000, StopReason.EVDisconnected, offline: true));
        }

        Assert.Empty(_sink.Signals);
        Assert.All(_sink.Sessions, s => Assert.True(s.Offline));
        Assert.All(_sink.Sessions, s => Assert.Equal(SessionOutcome.Succeeded, s.Outcome));
    }

    [Fact]
    public void OnEvent_DoesNotRaise_WhenFailuresAreBelowTheShareOfAttempts()
    {
        var detector = Detector();
        for (var i = 0; i < 4; i++)
        {
            Session16(detector, i * Hour, 40 * Minute, 20_000, StopReason.Local);
        }

        for (var i = 4; i < 7; i++)
        {
            Session16(detector, i * Hour, Minute, 10, StopReason.EVDisconnected);
        }

        Assert.Empty(_sink.Signals);
    }

    [Fact]
    public void OnEvent_Raises_WhenFailuresAreExactlyTheShareOfAttempts()
    {
        var detector = Detector();
        for (var i = 0; i < 3; i++)
        {
            Session16(detector, i * Hour, 40 * Minute, 20_000, StopReason.Local);
        }

        for (var i = 3; i < 6; i++)
        {
            Session16(detector, i * Hour, Minute, 10, StopReason.EVDisconnected);
        }

        var raised = Assert.Single(_sink.Signals);
        Assert.Equal(6, raised.Evidence.Attempts);
        Assert.Equal(0.5, raised.Evidence.Share);
    }

    [Theory]
    [InlineData(24 * Hour, false)]
    [InlineData((24 * Hour) - 1, true)]
    public void OnEvent_CountsFailuresWithinTheWindowOnly(long thirdAfterFirstMs, bool raises)
    {
        var detector = Detector();
        Session16(detector, 0, Minute, 10, StopReason.Other);
        Session16(detector, 5 * Hour, Minute, 10, StopReason.Other);

        Session16(detector, thirdAfterFirstMs, Minute, 10, StopReason.Other);

        Assert.Equal(raises, _sink.Signals.Count == 1);
    }

    [Fact]
    public void OnEvent_ClearsAfterTwoSuccessesInARow()
    {
        var detector = Detector();
        for (var i = 0; i < 3; i++)
        {
            Session16(detector, i * Hour, Minute, 10, StopReason.EmergencyStop);
        }

        Session16(detector, 4 * Hour, 30 * Minute, 10_000, StopReason.Local);
        Session16(detector, 5 * Hour, Minute, 10, StopReason.EmergencyStop);
        Session16(detector, 6 * Hour, 30 * Minute, 10_000, StopReason.Local);
        Assert.Single(_sink.Signals);

        Session16(detector, 7 * Hour, 30 * Minute, 10_000, StopReason.Local);

        Assert.Equal(2, _sink.Signals.Count);
        Assert.Equal(new Signal(SignalTypes.SessionFailures, SignalState.Cleared, _cp.At((7 * Hour) + (30 * Minute) + (10 * Second)), "CP-1", 1, SignalScope.Connector,
            new SignalEvidence
            {
                Count = 4,
                SinceMs = _cp.At((2 * Hour) + Minute + (10 * Second)),
                DurationMinutes = ((5 * Hour) + (29 * Minute)) / (double)Minute,
            }), _sink.Signals[1]);
    }

    [Fact]
    public void Tick_CountsFailedStartAtTheTimeout_WhenAnAuthorisedAttemptNeverStarts()
    {
        var detector = Detector();
        Feed(detector,
            _cp.Authorized(0, AuthorizationStatus.Accepted),
            _cp.Status(5 * Second, 1, ConnectorStatus.Preparing));

        detector.Tick(_cp.At(5 * Minute) - 1);
        Assert.Equal(0, detector.CountsOf(_cp.Charger, 1).FailedStarts);
        detector.Tick(_cp.At(5 * Minute));

        Assert.Equal(new SessionCounts(1, 0, 0, 1, 0, 0, 1, 0), detector.CountsOf(_cp.Charger, 1));
        Assert.Empty(_sink.Sessions);
    }

    [Fact]
    public void Tick_RaisesOnFailedStarts_AtTheSameTimeAsTheChargersNextEvent()
    {
        var byEvent = new RecordingSessionSink();
        var eventDetector = new SessionDetector(_chargers, new SessionOptions(), byEvent);
        var byTick = Detector();
        for (var i = 0; i < 3; i++)
        {
            var attempt = new[] { _cp.Authorized(i * Hour, AuthorizationStatus.Accepted), _cp.Status((i * Hour) + Second, 1, ConnectorStatus.Preparing) };
            Feed(eventDetector, attempt);
            Feed(byTick, attempt);
            byTick.Tick(_cp.At((i * Hour) + (10 * Minute)));
        }

        eventDetector.OnEvent(_cp.Heartbeat(3 * Hour));
        byTick.OnEvent(_cp.Heartbeat(3 * Hour));

        Assert.Equal(byEvent.Signals, _sink.Signals);
        var raised = Assert.Single(_sink.Signals);
        Assert.Equal(_cp.At((2 * Hour) + (5 * Minute)), raised.TimestampMs);
        Assert.Equal(3, raised.Evidence.FailedStarts);
    }

    [Fact]
    public void OnEvent_CountsFailedStart_WhenAnAuthorisedDriverUnplugsWithoutAStart()
    {
        var detector = Detector();
        Feed(detector,
            _cp.Status(0, 1, ConnectorStatus.Preparing),
            _cp.Authorized(10 * Second, AuthorizationStatus.Accepted),
            _cp.Status(2 * Minute, 1, ConnectorStatus.Available));

        Assert.Equal(new SessionCounts(1, 0, 0, 1, 0, 0, 1, 0), detector.CountsOf(_cp.Charger, 1));
    }

    [Fact]
    public void OnEvent_JudgesNothing_WhenADriverPlugsInAndLeavesWithoutAuthorising()
    {
        var detector = Detector();
        Feed(detector,
            _cp.Status(0, 1, ConnectorStatus.Preparing),
            _cp.Status(2 * Minute, 1, ConnectorStatus.Available));
        detector.Tick(_cp.At(Hour));

        Assert.Equal(new SessionCounts(1, 0, 0, 0, 0, 0, 1, 0), detector.CountsOf(_cp.Charger, 1));
    }

    [Fact]
    public void OnEvent_CountsRefusedStartsWithoutRaising_ByDefault()
    {
        var detector = Detector();
        for (var i = 0; i < 4; i++)
        {
            var tx = _nextTransaction++;
            Feed(detector,
                _cp.Start16(i * Hour, 1, 0),
                _cp.StartAnswer((i * Hour) + 100, tx, AuthorizationStatus.Invalid),
                _cp.Stop16((i * Hour) + (10 * Second), tx, 0, StopReason.DeAuthorized));
        }

        Assert.Empty(_sink.Signals);
        Assert.All(_sink.Sessions, s => Assert.Equal(SessionOutcome.RejectedStart, s.Outcome));
        // An hour apart: four visits, none beginning with a success.
        Assert.Equal(new SessionCounts(4, 4, 0, 4, 4, 0, 4, 0), detector.CountsOf(_cp.Charger, 1));
    }

    [Fact]
    public void OnEvent_RaisesOnRefusedStarts_WhenConfiguredToCountThem()
    {
        var detector = new SessionDetector(_chargers, new SessionOptions { CountRejectedStarts = true }, _sink);
        for (var i = 0; i < 3; i++)
        {
            Feed(detector,
                _cp.Status(i * Hour, 1, ConnectorStatus.Preparing),
                _cp.Authorized((i * Hour) + Second, AuthorizationStatus.Blocked),
                _cp.Status((i * Hour) + Minute, 1, ConnectorStatus.Available));
        }

        Assert.Equal(3, Assert.Single(_sink.Signals).Evidence.FailedStarts);
    }

    [Fact]
    public void OnEvent_JudgesNothing_When201TransactionOpenedOnPlugInIsNeverAuthorised()
    {
        var detector = Detector();
        for (var i = 0; i < 3; i++)
        {
            var tx = _nextText++;
            Feed(detector,
                _cp.Started201(i * Hour, 1, tx, 1_000, TriggerReason.CablePluggedIn),
                _cp.Ended201((i * Hour) + Minute, tx, 1_000, StopReason.EVDisconnected));
        }

        Assert.Empty(_sink.Signals);
        Assert.All(_sink.Sessions, s => Assert.Equal(SessionOutcome.Unauthorised, s.Outcome));
        Assert.Equal(0, detector.CountsOf(_cp.Charger, 1).EarlyTerminations);
    }

    [Fact]
    public void OnEvent_CountsVisitSuccessOnlyForFirstAttempts()
    {
        var detector = Detector();
        // Visit 1: fails early, the retry four minutes later succeeds. Visit 2: succeeds at once.
        Session16(detector, 0, Minute, 10, StopReason.EVDisconnected);
        Session16(detector, 5 * Minute, 30 * Minute, 10_000, StopReason.Local);
        Session16(detector, 3 * Hour, 30 * Minute, 10_000, StopReason.Local);

        var counts = detector.CountsOf(_cp.Charger, 1);
        Assert.Equal(2, counts.Visits);
        Assert.Equal(1, counts.FirstAttemptSuccesses);
        Assert.Equal(3, counts.Attempts);
    }

    [Fact]
    public void OnEvent_MatchesStopsByTransactionId_WhenTwoPortsChargeAtOnce()
    {
        var detector = Detector();
        Feed(detector,
            _cp.Start16(0, 1, 1_000),
            _cp.StartAnswer(100, 11),
            _cp.Start16(Minute, 2, 50_000),
            _cp.StartAnswer(Minute + 100, 12),
            _cp.Stop16(Hour, 12, 60_000, StopReason.Local),
            _cp.Stop16(2 * Hour, 11, 3_000, StopReason.Local));

        Assert.Equal([(ushort)2, (ushort)1], _sink.Sessions.Select(s => s.Port));
        Assert.Equal([10_000L, 2_000L], _sink.Sessions.Select(s => s.EnergyWh));
        Assert.Equal([12, 11], _sink.Sessions.Select(s => s.TransactionId));
    }

    [Fact]
    public void OnEvent_GivesTheAuthorisationToTheNewDriversPort_WhenTheLastDriverHasNotUnpluggedYet()
    {
        var detector = Detector();
        Feed(detector,
            _cp.Authorized(0, AuthorizationStatus.Accepted, OcppVersion.V201),
            _cp.Status(5 * Second, 1, ConnectorStatus.Occupied, version: OcppVersion.V201),
            _cp.Started201(10 * Second, 1, 98, 2_000),
            _cp.Ended201(30 * Minute, 98, 12_000, StopReason.Local),
            // EVSE 1 still reports the last driver's Occupied when the next driver badges and plugs into EVSE 2.
            _cp.Authorized(35 * Minute, AuthorizationStatus.Accepted, OcppVersion.V201),
            _cp.Status((35 * Minute) + (5 * Second), 2, ConnectorStatus.Occupied, version: OcppVersion.V201),
            _cp.Status((35 * Minute) + (8 * Second), 1, ConnectorStatus.Available, version: OcppVersion.V201),
            _cp.Started201((35 * Minute) + (15 * Second), 2, 99, 50_000),
            _cp.Ended201(2 * Hour, 99, 60_000, StopReason.Local));

        Assert.Equal(0, detector.CountsOf(_cp.Charger).FailedStarts);
        Assert.Equal([AuthorizationStatus.Accepted, AuthorizationStatus.Accepted], _sink.Sessions.Select(s => s.AuthStatus));
    }

    [Fact]
    public void OnEvent_CountsUnmatchedStop_WhenItsStartWasNeverSeen()
    {
        var detector = Detector();
        detector.OnEvent(_cp.Stop16(Hour, 99, 60_000, StopReason.Local));

        Assert.Equal(1, detector.UnmatchedStops);
        Assert.Empty(_sink.Sessions);
    }

    [Fact]
    public void OnEvent_GivesTheSameResults_WhenChargersInterleaveOutOfOrderWithinTheLateness()
    {
        var other = new OcppEvents(_chargers.Intern("CP-2".AsSpan()), s_start);
        var events = new List<TelemetryEvent>();
        for (var i = 0; i < 4; i++)
        {
            events.AddRange(SessionEvents(_cp, i * Hour, Minute, 10, StopReason.PowerLoss, 200 + i));
            events.AddRange(SessionEvents(other, (i * Hour) + (30 * Second), 40 * Minute, 20_000, StopReason.Local, 300 + i));
        }

        var inOrder = events.OrderBy(e => e.TimestampMs).ToList();
        // CP-2's events reach the partition 90 s late: within the default lateness of 2 minutes.
        var skewed = events.OrderBy(e => e.Charger == other.Charger ? e.TimestampMs + (90 * Second) : e.TimestampMs).ToList();

        var expected = Run(inOrder);
        var actual = Run(skewed);

        Assert.Equal(expected.Signals.OrderBy(s => s.ChargePoint), actual.Signals.OrderBy(s => s.ChargePoint));
        Assert.Equal(expected.Sessions.OrderBy(s => s.Charger).ThenBy(s => s.StartMs), actual.Sessions.OrderBy(s => s.Charger).ThenBy(s => s.StartMs));
        Assert.Single(expected.Signals);
        Assert.Equal(8, expected.Sessions.Count);
    }

    [Fact]
    public void OnEvent_RaisesNothing_ForAWeekOfHealthyTrafficWithOccasionalFailures()
    {
        var detector = Detector();
        var random = new Random(7);
        for (var day = 0; day < 7; day++)
        {
            for (var i = 0; i < 6; i++)
            {
                var at = (day * 24 * Hour) + (i * 3 * Hour) + random.Next(0, 60) * Minute;
                // One session in twelve ends at once (a driver who changes their mind, a refusing vehicle).
                var bad = random.Next(12) == 0;
                Session16(detector, at, bad ? Minute : random.Next(20, 120) * Minute, bad ? 0 : random.Next(5_000, 60_000),
                    random.Next(2) == 0 ? StopReason.Local : StopReason.EVDisconnected);
            }

            detector.Tick(_cp.At((day + 1) * 24 * Hour));
        }

        Assert.Empty(_sink.Signals);
        Assert.Equal(42, _sink.Sessions.Count);
    }

    [Fact]
    public void OnEvent_AllocatesNothing_WhenNoSignalIsEmitted()
    {
        var sink = new CountingSessionSink();
        var detector = new SessionDetector(_chargers, new SessionOptions(), sink);
        var t = 0L;
        var events = new TelemetryEvent[12];
        void Cycle()
        {
            var n = 0;
            var tx = (int)(t / Hour);
            events[n++] = _cp.Authorized(t, AuthorizationStatus.Accepted);
            events[n++] = _cp.Status(t + Second, 1, ConnectorStatus.Preparing);
            events[n++] = _cp.Start16(t + (5 * Second), 1, 1_000);
            events[n++] = _cp.StartAnswer(t + (5 * Second) + 100, tx);
            events[n++] = _cp.Meter(t + (15 * Minute), 1, Measurand.PowerActiveImport, 22_000);
            events[n++] = _cp.Meter(t + (15 * Minute), 1, Measurand.EnergyActiveImportRegister, 6_000);
            events[n++] = _cp.Stop16(t + (30 * Minute), tx, 12_000, StopReason.EVDisconnected);
            events[n++] = _cp.Status(t + (31 * Minute), 1, ConnectorStatus.Available);
            // A driver authorised and never plugged in: a failed start on the only port, now and then.
            events[n++] = _cp.Authorized(t + (40 * Minute), AuthorizationStatus.Accepted);
            events[n++] = _cp.Heartbeat(t + (50 * Minute));
            events[n++] = _cp.Start16(t + (51 * Minute), 1, 0);
            events[n++] = _cp.Stop16(t + (80 * Minute), 0, 20_000, StopReason.EVDisconnected);
            foreach (var e in events)
            {
                detector.OnEvent(e);
            }

            detector.Tick(_cp.At(t + (85 * Minute)));
            t += 6 * Hour;
        }

        const int WarmUpCycles = 100;
        const int MeasuredCycles = 2_000;
        for (var i = 0; i < WarmUpCycles; i++)
        {
            Cycle();
        }

        var sessions = sink.Sessions;
        var allocated = AllocationMeter.FewestBytes(() =>
        {
            for (var i = 0; i < MeasuredCycles; i++)
            {
                Cycle();
            }
        });
        Assert.Equal(0, sink.Signals);
        // Per cycle: two sessions closed; three attempts, two starts and successes, one failed start, two visits, one first-attempt success.
        const int Cycles = WarmUpCycles + (AllocationMeter.DefaultRuns * MeasuredCycles);
        Assert.Equal(sessions + (2 * AllocationMeter.DefaultRuns * MeasuredCycles), sink.Sessions);
        Assert.Equal(new SessionCounts(3 * Cycles, 2 * Cycles, 2 * Cycles, Cycles, 0, 0, 2 * Cycles, Cycles), detector.CountsOf(_cp.Charger, 1));
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void IsAbnormalStop_SeparatesTheChargersEndingsFromTheDriversAndTheVehicles()
    {
        StopReason[] abnormal =
        [
            StopReason.DeAuthorized, StopReason.EmergencyStop, StopReason.EVDisconnected, StopReason.HardReset, StopReason.Other,
            StopReason.PowerLoss, StopReason.Reboot, StopReason.SoftReset, StopReason.UnlockCommand, StopReason.GroundFault,
            StopReason.ImmediateReset, StopReason.OvercurrentFault, StopReason.PowerQuality, StopReason.Timeout, StopReason.Unrecognised,
        ];

        foreach (var reason in Enum.GetValues<StopReason>())
        {
            Assert.Equal(abnormal.Contains(reason), SessionDetector.IsAbnormalStop(reason));
        }
    }

    [Theory]
    [InlineData(0, 2, 100, 3, 0.5, 24, 2)]
    [InlineData(5, -1, 100, 3, 0.5, 24, 2)]
    [InlineData(5, 2, -1, 3, 0.5, 24, 2)]
    [InlineData(5, 2, 100, 0, 0.5, 24, 2)]
    [InlineData(5, 2, 100, 17, 0.5, 24, 2)]
    [InlineData(5, 2, 100, 3, 0, 24, 2)]
    [InlineData(5, 2, 100, 3, 1.5, 24, 2)]
    [InlineData(5, 2, 100, 3, 0.5, 0, 2)]
    [InlineData(5, 2, 100, 3, 0.5, 24, 0)]
    public void Validate_Throws_WhenAnOptionIsOutOfRange(int timeoutMinutes, int shortMinutes, int nearZeroWh, int failures, double share, int windowHours, int successes)
    {
        var options = new SessionOptions
        {
            StartTimeout = TimeSpan.FromMinutes(timeoutMinutes),
            ShortSession = TimeSpan.FromMinutes(shortMinutes),
            NearZeroEnergyWh = nearZeroWh,
            FailuresToRaise = failures,
            FailureShare = share,
            Window = TimeSpan.FromHours(windowHours),
            SuccessesToClear = successes,
        };

        Assert.Throws<ArgumentException>(options.Validate);
        Assert.Throws<ArgumentException>(() => new SessionDetector(_chargers, options, _sink));
    }

    private SessionDetector Detector() => new(_chargers, new SessionOptions(), _sink);

    private RecordingSessionSink Run(IEnumerable<TelemetryEvent> events)
    {
        var sink = new RecordingSessionSink();
        var detector = new SessionDetector(_chargers, new SessionOptions(), sink);
        foreach (var e in events)
        {
            detector.OnEvent(e);
        }

        return sink;
    }

    private static void Feed(SessionDetector detector, params TelemetryEvent[] events)
    {
        foreach (var e in events)
        {
            detector.OnEvent(e);
        }
    }

    /// <summary>A 1.6 session as the simulator writes it: Authorize, Preparing, StartTransaction and its answer, StopTransaction, Available.</summary>
    private void Session16(SessionDetector detector, long atMs, long durationMs, int energyWh, StopReason reason) =>
        Feed(detector, [.. SessionEvents(_cp, atMs, durationMs, energyWh, reason, _nextTransaction++)]);

    private static IEnumerable<TelemetryEvent> SessionEvents(OcppEvents cp, long atMs, long durationMs, int energyWh, StopReason reason, int transactionId)
    {
        var start = atMs + (10 * Second);
        yield return cp.Authorized(atMs, AuthorizationStatus.Accepted);
        yield return cp.Status(atMs + (5 * Second), 1, ConnectorStatus.Preparing);
        yield return cp.Start16(start, 1, 1_000);
        yield return cp.StartAnswer(start + 100, transactionId);
        yield return cp.Stop16(start + durationMs, transactionId, 1_000 + energyWh, reason);
        yield return cp.Status(start + durationMs + (10 * Second), 1, ConnectorStatus.Available);
    }

    /// <summary>A 2.0.1 session: Authorize, Occupied, TransactionEvent Started (Authorized) and Ended, Available.</summary>
    private void Session201(SessionDetector detector, long atMs, long durationMs, int energyWh, StopReason reason)
    {
        var tx = _nextText++;
        Feed(detector,
            _cp.Authorized(atMs, AuthorizationStatus.Accepted, OcppVersion.V201),
            _cp.Status(atMs + (5 * Second), 1, ConnectorStatus.Occupied, version: OcppVersion.V201),
            _cp.Started201(atMs + (10 * Second), 1, tx, 2_000),
            _cp.Ended201(atMs + durationMs, tx, 2_000 + energyWh, reason),
            _cp.Status(atMs + durationMs + Second, 1, ConnectorStatus.Available, version: OcppVersion.V201));
    }
}
