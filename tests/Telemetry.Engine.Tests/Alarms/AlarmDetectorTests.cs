using Telemetry.Engine.Alarms;
using Telemetry.Engine.Signals;
using Telemetry.Engine.Tests.Support;
using Telemetry.Ocpp.Events;
using Telemetry.Testing;

namespace Telemetry.Engine.Tests.Alarms;

public sealed class AlarmDetectorTests
{
    private const long Minute = 60_000;
    private const long Hour = 60 * Minute;
    private static readonly long s_start = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    private readonly ChargerRegistry _chargers = new();
    private readonly TextCodeRegistry _texts = new();
    private readonly RecordingSink _sink = new();
    private readonly int _cp;
    private readonly ushort _e101;
    private readonly ushort _overheat;

    public AlarmDetectorTests()
    {
        _cp = _chargers.Intern("CP-1".AsSpan());
        _e101 = _texts.Intern("E101"u8);
        _overheat = _texts.Intern("EVSE/Temperature/T42"u8);
    }

    [Fact]
    public void OnEvent_RaisesRecurring_AtThirdRaiseWithinTheWindow()
    {
        var detector = Detector();
        FaultAndRecover(detector, 60);
        FaultAndRecover(detector, 300);
        Assert.Empty(_sink.Signals);

        FaultAndRecover(detector, 600);

        var raised = Assert.Single(_sink.Signals);
        Assert.Equal(new Signal(SignalTypes.AlarmRecurring, SignalState.Raised, At(600), "CP-1", 1, SignalScope.Connector,
            new SignalEvidence
            {
                Status = "Faulted",
                ErrorCode = "GroundFailure",
                VendorErrorCode = "E101",
                Count = 3,
                WeekCount = 3,
                WindowMinutes = 24 * 60,
                FirstMs = At(60),
                LastMs = At(600),
            }), raised);
    }

    [Theory]
    [InlineData(24 * Hour, false)]
    [InlineData((24 * Hour) - 1, true)]
    public void OnEvent_RaisesRecurring_OnlyWhenTheThirdRaiseIsInsideTheWindow(long thirdAfterFirstMs, bool raises)
    {
        var detector = Detector();
        FaultAndRecoverAtMs(detector, s_start);
        FaultAndRecoverAtMs(detector, s_start + Hour);
        FaultAndRecoverAtMs(detector, s_start + thirdAfterFirstMs);

        Assert.Equal(raises, _sink.Signals.Any(s => s.Type == SignalTypes.AlarmRecurring));
    }

    [Fact]
    public void OnEvent_RaisesAtConfiguredCount_WhenRaisesToRaiseIsChanged()
    {
        var detector = Detector(new AlarmOptions { RaisesToRaise = 5 });
        for (var i = 0; i < 4; i++)
        {
            FaultAndRecover(detector, i * 60);
        }

        Assert.Empty(_sink.Signals);
        FaultAndRecover(detector, 300);
        Assert.Equal(5, Assert.Single(_sink.Signals).Evidence.Count);
    }

    [Fact]
    public void OnEvent_CountsOneRaise_WhenTheSameFaultIsRepeatedWhileOpen()
    {
        var detector = Detector();
        for (var m = 0; m < 50; m += 10)
        {
            detector.OnEvent(Status(m, 1, ConnectorStatus.Faulted, ErrorCode.GroundFailure, _e101));
        }

        detector.OnEvent(Status(60, 1, ConnectorStatus.Available, ErrorCode.NoError));

        Assert.Empty(_sink.Signals);
        Assert.Equal(0, detector.OpenAlarms);
    }

    [Fact]
    public void OnEvent_KeepsCodesApart_WhenVendorCodesDiffer()
    {
        var other = _texts.Intern("E214"u8);
        var detector = Detector();
        FaultAndRecover(detector, 0);
        FaultAndRecover(detector, 60, other);
        FaultAndRecover(detector, 120);
        FaultAndRecover(detector, 180, other);

        Assert.Empty(_sink.Signals);
    }

    [Fact]
    public void OnEvent_EndsThePreviousCode_WhenThePortReportsAnotherError()
    {
        var detector = Detector();
        detector.OnEvent(Status(0, 1, ConnectorStatus.Faulted, ErrorCode.GroundFailure, _e101));
        detector.OnEvent(Status(5, 1, ConnectorStatus.SuspendedEVSE, ErrorCode.HighTemperature));

        Assert.Equal(1, detector.OpenAlarms);
        detector.Tick(At(5) + (4 * Hour));

        var aging = Assert.Single(_sink.Signals);
        Assert.Equal("HighTemperature", aging.Evidence.ErrorCode);
        Assert.Equal("SuspendedEVSE", aging.Evidence.Status);
        Assert.Null(aging.Evidence.VendorErrorCode);
    }

    [Fact]
    public void OnEvent_RaisesRecurring_ForAlertsRaisedAndCleared()
    {
        var detector = Detector();
        foreach (var m in new[] { 0, 100, 200 })
        {
            detector.OnEvent(Alert(m, 2, _overheat, cleared: false));
            detector.OnEvent(Alert(m + 5, 2, _overheat, cleared: true));
        }

        var raised = Assert.Single(_sink.Signals);
        Assert.Equal(SignalTypes.AlarmRecurring, raised.Type);
        Assert.Equal((ushort)2, raised.Port);
        Assert.Equal("EVSE/Temperature/T42", raised.Evidence.Alert);
        Assert.Null(raised.Evidence.ErrorCode);
        Assert.Null(raised.Evidence.Status);
        Assert.Equal(0, detector.OpenAlarms);
    }

    [Fact]
    public void OnEvent_IgnoresAlerts_WhenTriggerIsNotAlerting()
    {
        var detector = Detector();
        foreach (var trigger in new[] { AlertTrigger.Delta, AlertTrigger.Periodic })
        {
            for (var m = 0; m < 30; m += 5)
            {
                var e = Alert(m, 1, _overheat, cleared: false);
                e.Detail = (byte)trigger;
                detector.OnEvent(e);
            }
        }

        detector.Tick(At(24 * 60));

        Assert.Empty(_sink.Signals);
        Assert.Equal(0, detector.OpenAlarms);
    }

    [Fact]
    public void Tick_RaisesAging_ExactlyWhenTheAlarmReachesTheAgeThreshold()
    {
        var detector = Detector();
        detector.OnEvent(Status(10, 1, ConnectorStatus.Faulted, ErrorCode.GroundFailure, _e101));

        detector.Tick(At(10) + (4 * Hour) - 1);
        Assert.Empty(_sink.Signals);
        detector.Tick(At(10) + (4 * Hour));

        var raised = Assert.Single(_sink.Signals);
        Assert.Equal(new Signal(SignalTypes.AlarmAging, SignalState.Raised, At(10) + (4 * Hour), "CP-1", 1, SignalScope.Connector,
            new SignalEvidence
            {
                Status = "Faulted",
                ErrorCode = "GroundFailure",
                VendorErrorCode = "E101",
                SinceMs = At(10),
                AgeMinutes = 240,
            }), raised);
    }

    [Fact]
    public void OnEvent_ClearsAging_WhenTheAlarmEnds()
    {
        var detector = Detector();
        detector.OnEvent(Status(10, 1, ConnectorStatus.Faulted, ErrorCode.GroundFailure, _e101));
        detector.Tick(At(10 + (5 * 60)));

        detector.OnEvent(Status(10 + (6 * 60), 1, ConnectorStatus.Available, ErrorCode.NoError));

        Assert.Equal(2, _sink.Signals.Count);
        var cleared = _sink.Signals[1];
        Assert.Equal(new Signal(SignalTypes.AlarmAging, SignalState.Cleared, At(10 + (6 * 60)), "CP-1", 1, SignalScope.Connector,
            new SignalEvidence
            {
                Status = "Faulted",
                ErrorCode = "GroundFailure",
                VendorErrorCode = "E101",
                SinceMs = At(10),
                DurationMinutes = 6 * 60,
            }), cleared);
    }

    [Fact]
    public void OnEvent_DoesNotAge_WhenTheAlarmEndsOneMillisecondBeforeTheThreshold()
    {
        var detector = Detector();
        detector.OnEvent(Status(10, 1, ConnectorStatus.Faulted, ErrorCode.GroundFailure, _e101));
        detector.OnEvent(StatusAtMs(At(10) + (4 * Hour) - 1, 1, ConnectorStatus.Available, ErrorCode.NoError));

        detector.Tick(At(10) + (10 * Hour));

        Assert.Empty(_sink.Signals);
    }

    [Fact]
    public void OnEvent_RaisesAgingBeforeEnding_WhenTheAlarmEndsExactlyAtTheThreshold()
    {
        var detector = Detector();
        detector.OnEvent(Status(10, 1, ConnectorStatus.Faulted, ErrorCode.GroundFailure, _e101));
        detector.OnEvent(StatusAtMs(At(10) + (4 * Hour), 1, ConnectorStatus.Available, ErrorCode.NoError));

        Assert.Equal([SignalState.Raised, SignalState.Cleared], _sink.Signals.Select(s => s.State));
        Assert.All(_sink.Signals, s => Assert.Equal(At(10) + (4 * Hour), s.TimestampMs));
    }

    [Fact]
    public void OnEvent_GivesTheSameAgingSignals_AsTick()
    {
        var byTick = new RecordingSink();
        var ticked = new AlarmDetector(_chargers, _texts, new AlarmOptions(), byTick);
        ticked.OnEvent(Status(0, 1, ConnectorStatus.Faulted, ErrorCode.GroundFailure, _e101));
        for (var m = 0; m <= 400; m++)
        {
            ticked.Tick(At(m));
        }

        ticked.OnEvent(Status(401, 1, ConnectorStatus.Available, ErrorCode.NoError));

        var detector = Detector();
        detector.OnEvent(Status(0, 1, ConnectorStatus.Faulted, ErrorCode.GroundFailure, _e101));
        detector.OnEvent(Status(401, 1, ConnectorStatus.Available, ErrorCode.NoError));

        Assert.Equal(2, _sink.Signals.Count);
        Assert.Equal(byTick.Signals, _sink.Signals);
    }

    [Fact]
    public void Tick_ClearsRecurring_AfterTheQuietPeriod()
    {
        var detector = Detector();
        FaultAndRecover(detector, 0);
        FaultAndRecover(detector, 60);
        FaultAndRecover(detector, 120);

        detector.Tick(At(120) + (24 * Hour) - 1);
        Assert.Single(_sink.Signals);
        detector.Tick(At(120) + (24 * Hour));

        var cleared = _sink.Signals[1];
        Assert.Equal(SignalState.Cleared, cleared.State);
        Assert.Equal(At(120) + (24 * Hour), cleared.TimestampMs);
        Assert.Equal(3, cleared.Evidence.Count);
        Assert.Equal(At(120), cleared.Evidence.SinceMs);
        Assert.Equal(24 * 60, cleared.Evidence.DurationMinutes);
    }

    [Fact]
    public void OnEvent_CountsTheEpisode_WhenRaisesContinueWhileRecurring()
    {
        var detector = Detector();
        for (var i = 0; i < 5; i++)
        {
            FaultAndRecover(detector, i * 60);
        }

        detector.Tick(At(4 * 60) + (24 * Hour));

        Assert.Equal(5, _sink.Signals[1].Evidence.Count);
        Assert.Equal(5, _sink.Signals[1].Evidence.WeekCount);
    }

    [Fact]
    public void OnEvent_KeepsTheWeekCount_AcrossDays()
    {
        var detector = Detector(new AlarmOptions { QuietToClear = TimeSpan.FromHours(1) });
        for (var day = 0; day < 6; day++)
        {
            FaultAndRecover(detector, day * 24 * 60);
        }

        // Days 0-5 raised once each; three more on day 6 make it recurring with 9 in the week.
        FaultAndRecover(detector, (6 * 24 * 60) + 10);
        FaultAndRecover(detector, (6 * 24 * 60) + 20);
        FaultAndRecover(detector, (6 * 24 * 60) + 30);

        var raised = Assert.Single(_sink.Signals);
        Assert.Equal(3, raised.Evidence.Count);
        Assert.Equal(9, raised.Evidence.WeekCount);
    }

    [Fact]
    public void OnEvent_ReportsConnectorZeroForTheCharger_AndKeepsItApartFromPorts()
    {
        var detector = Detector();
        detector.OnEvent(Status(0, 0, ConnectorStatus.Faulted, ErrorCode.PowerSwitchFailure));
        detector.OnEvent(Status(0, 1, ConnectorStatus.Faulted, ErrorCode.GroundFailure, _e101));
        detector.OnEvent(Status(30, 0, ConnectorStatus.Available, ErrorCode.NoError));

        detector.Tick(At(10 * 60));

        var aging = Assert.Single(_sink.Signals);
        Assert.Equal((ushort)1, aging.Port);
        Assert.Equal(SignalScope.Connector, aging.Scope);

        detector.OnEvent(Status(11 * 60, 0, ConnectorStatus.Unavailable, ErrorCode.OtherError));
        detector.Tick(At(16 * 60));

        var station = _sink.Signals[1];
        Assert.Null(station.Port);
        Assert.Equal(SignalScope.Charger, station.Scope);
        Assert.Equal("OtherError", station.Evidence.ErrorCode);
    }

    [Fact]
    public void OnEvent_RaisesFaultedWithoutErrorCode_For201Status()
    {
        var detector = Detector();
        var faulted = Status(0, 1, ConnectorStatus.Faulted, ErrorCode.None);
        faulted.Version = OcppVersion.V201;
        detector.OnEvent(faulted);

        detector.Tick(At(5 * 60));

        var aging = Assert.Single(_sink.Signals);
        Assert.Equal("Faulted", aging.Evidence.Status);
        Assert.Null(aging.Evidence.ErrorCode);
    }

    [Fact]
    public void OnEvent_BoundsKeysPerCharger_AndCountsEvictions()
    {
        var detector = Detector();
        for (var code = 0; code < 200; code++)
        {
            var text = _texts.Intern(System.Text.Encoding.UTF8.GetBytes($"V{code}"));
            detector.OnEvent(Status(code, 1, ConnectorStatus.Faulted, ErrorCode.OtherError, text));
        }

        // Each status ends the previous code of the port, so only the newest is open; 8 keys are kept.
        Assert.Equal(1, detector.OpenAlarms);
        Assert.Equal(200 - 8, detector.EvictedKeys);
        Assert.Empty(_sink.Signals);
    }

    [Fact]
    public void OnEvent_ClearsSignalsOfAnEvictedKey()
    {
        var detector = Detector(new AlarmOptions { KeysPerCharger = 2 });
        var second = _texts.Intern("EVSE/Voltage"u8);
        var third = _texts.Intern("EVSE/Current"u8);
        detector.OnEvent(Alert(0, 1, _overheat, cleared: false));
        detector.OnEvent(Alert(10, 1, second, cleared: false));
        detector.Tick(At(5 * 60));
        Assert.Equal(2, _sink.Signals.Count);

        detector.OnEvent(Alert(6 * 60, 1, third, cleared: false));

        var cleared = _sink.Signals[2];
        Assert.Equal(SignalState.Cleared, cleared.State);
        Assert.Equal("evicted", cleared.Evidence.Reason);
        Assert.Equal("EVSE/Temperature/T42", cleared.Evidence.Alert);
        Assert.Equal(1, detector.EvictedKeys);
        Assert.Equal(2, detector.OpenAlarms);
    }

    [Fact]
    public void OnEvent_GivesTheSameSignals_WhenChargersInterleaveOutOfOrderWithinLateness()
    {
        var other = _chargers.Intern("CP-2".AsSpan());
        var events = new List<TelemetryEvent>();
        foreach (var charger in new[] { _cp, other })
        {
            for (var i = 0; i < 4; i++)
            {
                var m = (i * 90) + (charger == _cp ? 0 : 1);
                events.Add(Status(m, 1, ConnectorStatus.Faulted, ErrorCode.GroundFailure, _e101, charger));
                events.Add(Status(m + 5, 1, ConnectorStatus.Available, ErrorCode.NoError, charger: charger));
            }

            events.Add(Status(600, 2, ConnectorStatus.Faulted, ErrorCode.OverCurrentFailure, charger: charger));
            events.Add(Status(900 + (charger == _cp ? 0 : 1), 2, ConnectorStatus.Available, ErrorCode.NoError, charger: charger));
        }

        var inOrder = events.OrderBy(e => e.TimestampMs).ToList();
        // Each charger's events stay in order, but the two chargers' streams lag each other by up to 2 minutes.
        var shuffled = events.OrderBy(e => e.TimestampMs + (e.Charger == _cp ? 2 * Minute : 0)).ToList();

        var expected = Replay(inOrder);
        var actual = Replay(shuffled);

        Assert.Equal(4, expected.Count(s => s.Type == SignalTypes.AlarmRecurring));
        Assert.Equal(4, expected.Count(s => s.Type == SignalTypes.AlarmAging));
        Assert.Equal(Sorted(expected), Sorted(actual));
    }

    [Fact]
    public void OnEvent_AppliesALateEventAtTheChargersLatestTime_WhenItGoesBackInTime()
    {
        var detector = Detector();
        detector.OnEvent(Status(100, 1, ConnectorStatus.Faulted, ErrorCode.GroundFailure, _e101));
        detector.OnEvent(Status(50, 1, ConnectorStatus.Available, ErrorCode.NoError));

        Assert.Equal(1, detector.ReorderedEvents);
        Assert.Equal(0, detector.OpenAlarms);
    }

    [Fact]
    public void OnEvent_RaisesNothing_ForHealthyTraffic()
    {
        var detector = Detector();
        var statuses = new[] { ConnectorStatus.Available, ConnectorStatus.Preparing, ConnectorStatus.Charging, ConnectorStatus.SuspendedEV, ConnectorStatus.Finishing };
        for (var m = 0; m < 14 * 24 * 60; m += 15)
        {
            detector.OnEvent(Status(m, (ushort)(1 + (m % 2)), statuses[m / 15 % statuses.Length], ErrorCode.NoError));
            detector.OnEvent(TelemetryEvent.Create(EventKind.Heartbeat, At(m + 1), _cp, OcppVersion.V16));
            if (m % (24 * 60) == 0)
            {
                // One short alert a day: raised and cleared within minutes, never three in a day.
                detector.OnEvent(Alert(m + 2, 1, _overheat, cleared: false));
                detector.OnEvent(Alert(m + 4, 1, _overheat, cleared: true));
            }

            detector.Tick(At(m));
        }

        Assert.Empty(_sink.Signals);
    }

    [Fact]
    public void OnEvent_AllocatesNothing_WhenNoSignalIsEmitted()
    {
        var detector = Detector();
        var faulted = Status(0, 1, ConnectorStatus.Faulted, ErrorCode.GroundFailure, _e101);
        var available = Status(0, 1, ConnectorStatus.Available, ErrorCode.NoError);
        var alert = Alert(0, 2, _overheat, cleared: false);
        var alertCleared = Alert(0, 2, _overheat, cleared: true);
        var t = s_start;
        void Cycle()
        {
            // One fault and one alert every 12 hours, each over within minutes: counted, never recurring or aging.
            faulted.TimestampMs = t;
            detector.OnEvent(faulted);
            available.TimestampMs = t + Minute;
            detector.OnEvent(available);
            alert.TimestampMs = t + (2 * Minute);
            detector.OnEvent(alert);
            alertCleared.TimestampMs = t + (3 * Minute);
            detector.OnEvent(alertCleared);
            detector.Tick(t + (3 * Minute));
            t += 12 * Hour;
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
    [InlineData(1, 24, 24, 4, 8)]
    [InlineData(17, 24, 24, 4, 8)]
    [InlineData(3, 0, 24, 4, 8)]
    [InlineData(3, 24, 0, 4, 8)]
    [InlineData(3, 24, 24, 0, 8)]
    [InlineData(3, 24, 24, 4, 0)]
    [InlineData(3, 24, 24, 4, 65)]
    public void Validate_Throws_WhenAnOptionIsOutOfRange(int raises, int windowHours, int quietHours, int ageHours, int keys)
    {
        var options = new AlarmOptions
        {
            RaisesToRaise = raises,
            Window = TimeSpan.FromHours(windowHours),
            QuietToClear = TimeSpan.FromHours(quietHours),
            AgeToRaise = TimeSpan.FromHours(ageHours),
            KeysPerCharger = keys,
        };

        Assert.Throws<ArgumentException>(options.Validate);
        Assert.Throws<ArgumentException>(() => new AlarmDetector(_chargers, _texts, options, _sink));
    }

    private List<Signal> Replay(List<TelemetryEvent> events)
    {
        var sink = new RecordingSink();
        var detector = new AlarmDetector(_chargers, _texts, new AlarmOptions(), sink);
        var latest = long.MinValue;
        foreach (var e in events)
        {
            latest = Math.Max(latest, e.TimestampMs);
            detector.Tick(latest - (2 * Minute));
            detector.OnEvent(e);
        }

        detector.Tick(latest + (48 * Hour));
        return sink.Signals;
    }

    private static List<Signal> Sorted(List<Signal> signals) =>
        [.. signals.OrderBy(s => s.TimestampMs).ThenBy(s => s.ChargePoint, StringComparer.Ordinal).ThenBy(s => s.Type, StringComparer.Ordinal).ThenBy(s => s.State)];

    private AlarmDetector Detector(AlarmOptions? options = null) => new(_chargers, _texts, options ?? new AlarmOptions(), _sink);

    private void FaultAndRecover(AlarmDetector detector, int minute, ushort? vendor = null) => FaultAndRecoverAtMs(detector, At(minute), vendor);

    private void FaultAndRecoverAtMs(AlarmDetector detector, long t, ushort? vendor = null)
    {
        detector.OnEvent(StatusAtMs(t, 1, ConnectorStatus.Faulted, ErrorCode.GroundFailure, vendor ?? _e101));
        detector.OnEvent(StatusAtMs(t + (5 * Minute), 1, ConnectorStatus.Available, ErrorCode.NoError));
    }

    private static long At(int minute) => s_start + (minute * Minute);

    private TelemetryEvent Status(int minute, ushort port, ConnectorStatus status, ErrorCode error, ushort vendor = 0, int? charger = null) =>
        StatusAtMs(At(minute), port, status, error, vendor, charger);

    private TelemetryEvent StatusAtMs(long t, ushort port, ConnectorStatus status, ErrorCode error, ushort vendor = 0, int? charger = null)
    {
        var e = TelemetryEvent.Create(EventKind.Status, t, charger ?? _cp, OcppVersion.V16);
        e.Port = port;
        e.Connector = port;
        e.Status = status;
        e.Error = error;
        e.TextCode = vendor;
        return e;
    }

    private TelemetryEvent Alert(int minute, ushort port, ushort text, bool cleared)
    {
        var e = TelemetryEvent.Create(EventKind.Alert, At(minute), _cp, OcppVersion.V201);
        e.Port = port;
        e.Detail = (byte)AlertTrigger.Alerting;
        e.Value2 = -1;
        e.TextCode = text;
        e.Cleared = cleared;
        return e;
    }
}
