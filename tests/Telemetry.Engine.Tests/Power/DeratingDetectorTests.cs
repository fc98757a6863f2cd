using Telemetry.Engine.Inventory;
using Telemetry.Engine.Power;
using Telemetry.Engine.Signals;
using Telemetry.Engine.Tests.Support;
using Telemetry.Ocpp.Events;
using Telemetry.Testing;

namespace Telemetry.Engine.Tests.Power;

public sealed class DeratingDetectorTests
{
    private const long Minute = 60_000;
    private const int Tx = 41;
    private static readonly long s_start = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    private readonly ChargerRegistry _chargers = new();
    private readonly TextCodeRegistry _texts = new();
    private readonly RecordingSink _sink = new();
    private readonly FleetInventory _inventory = new([new ChargerInfo("CP-1", "SITE-1", RatedKw: 150), new ChargerInfo("CP-2", "SITE-1", RatedKw: 150), new ChargerInfo("CP-3", "SITE-1")]);
    private readonly int _cp;

    public DeratingDetectorTests() => _cp = _chargers.Intern("CP-1".AsSpan());

    [Fact]
    public void OnEvent_RaisesDerating_WhenOfferedPowerStaysAtHalfTheRatingForThirtyMinutes()
    {
        var detector = Detector();
        detector.OnEvent(Started(0, 1));
        for (var m = 1; m < 31; m += 5)
        {
            detector.OnEvent(Meter(m, 1, Measurand.PowerOffered, 60_000 + (m * 100)));
        }

        Assert.Empty(_sink.Signals);
        detector.OnEvent(Meter(31, 1, Measurand.PowerOffered, 70_000));

        Assert.Equal(new Signal(SignalTypes.PowerDerating, SignalState.Raised, At(31), "CP-1", 1, SignalScope.Connector,
            new SignalEvidence
            {
                Measurand = "Power.Offered",
                PowerKw = 70,
                RatedKw = 150,
                RatingSource = "inventory",
                FirstMs = At(1),
                LastMs = At(31),
            }), Assert.Single(_sink.Signals));
    }

    [Theory]
    [InlineData(30 * Minute, true)]
    [InlineData((30 * Minute) - 1, false)]
    public void OnEvent_RaisesOnlyOnceTheStretchReachesTheMinimumDuration(long lastSampleMs, bool raises)
    {
        var detector = Detector();
        detector.OnEvent(Started(0, 1));
        detector.OnEvent(MeterAtMs(At(1), 1, Measurand.PowerOffered, 50_000));
        detector.OnEvent(MeterAtMs(At(1) + lastSampleMs, 1, Measurand.PowerOffered, 50_000));

        Assert.Equal(raises, _sink.Signals.Count == 1);
    }

    [Theory]
    [InlineData(75_000, true)]
    [InlineData(75_001, false)]
    public void OnEvent_TakesPowerAtTheRatioAsDerated(int watts, bool raises)
    {
        var detector = Detector();
        detector.OnEvent(Started(0, 1));
        detector.OnEvent(Meter(1, 1, Measurand.PowerOffered, watts));
        detector.OnEvent(Meter(40, 1, Measurand.PowerOffered, watts));

        Assert.Equal(raises, _sink.Signals.Count == 1);
    }

    [Fact]
    public void OnEvent_DoesNotRaiseOnLowImport_WithoutThermalEvidence()
    {
        var detector = Detector();
        detector.OnEvent(Started(0, 1));
        for (var m = 1; m <= 90; m += 5)
        {
            detector.OnEvent(Meter(m, 1, Measurand.PowerActiveImport, 40_000));
        }

        Assert.Empty(_sink.Signals);
    }

    [Fact]
    public void OnEvent_RaisesOnLowImport_WhenTheChargerReportsHighTemperature()
    {
        var detector = Detector();
        detector.OnEvent(Started(0, 1));
        detector.OnEvent(Meter(1, 1, Measurand.PowerActiveImport, 40_000));
        detector.OnEvent(Status(10, 1, ConnectorStatus.SuspendedEVSE, ErrorCode.HighTemperature));
        detector.OnEvent(Meter(20, 1, Measurand.PowerActiveImport, 40_000));
        Assert.Empty(_sink.Signals);

        detector.OnEvent(Meter(31, 1, Measurand.PowerActiveImport, 45_000));

        var raised = Assert.Single(_sink.Signals);
        Assert.Equal("Power.Active.Import", raised.Evidence.Measurand);
        Assert.Equal(true, raised.Evidence.Thermal);
        Assert.Equal(45, raised.Evidence.PowerKw);
        Assert.Equal(At(1), raised.Evidence.FirstMs);
    }

    [Fact]
    public void OnEvent_TakesATemperatureAlertAsThermalEvidence()
    {
        var detector = Detector();
        var alert = TelemetryEvent.Create(EventKind.Alert, At(5), _cp, OcppVersion.V201);
        alert.Port = 1;
        alert.Detail = (byte)AlertTrigger.Alerting;
        alert.TextCode = _texts.Intern("EVSE/Temperature"u8);
        detector.OnEvent(Started(0, 1));
        detector.OnEvent(Meter(1, 1, Measurand.PowerActiveImport, 40_000));
        detector.OnEvent(alert);
        detector.OnEvent(Meter(31, 1, Measurand.PowerActiveImport, 40_000));

        Assert.Equal(true, Assert.Single(_sink.Signals).Evidence.Thermal);
    }

    [Fact]
    public void OnEvent_RaisesOnLowImport_WhenThermalEvidenceIsNotRequired()
    {
        var detector = Detector(new DeratingOptions { ImportNeedsThermalEvidence = false });
        detector.OnEvent(Started(0, 1));
        detector.OnEvent(Meter(1, 1, Measurand.PowerActiveImport, 40_000));
        detector.OnEvent(Meter(31, 1, Measurand.PowerActiveImport, 40_000));

        var raised = Assert.Single(_sink.Signals);
        Assert.Null(raised.Evidence.Thermal);
    }

    [Fact]
    public void OnEvent_JudgesOfferedAlone_OnceTheSessionReportsIt()
    {
        var detector = Detector(new DeratingOptions { ImportNeedsThermalEvidence = false });
        detector.OnEvent(Started(0, 1));
        for (var m = 1; m <= 90; m += 5)
        {
            // The car takes 40 kW of the 150 kW offered: the charger is not derating.
            detector.OnEvent(Meter(m, 1, Measurand.PowerActiveImport, 40_000));
            detector.OnEvent(Meter(m, 1, Measurand.PowerOffered, 150_000));
        }

        Assert.Empty(_sink.Signals);
    }

    [Fact]
    public void OnEvent_LearnsTheRating_WhenTheInventoryHasNone()
    {
        var cp3 = _chargers.Intern("CP-3".AsSpan());
        var detector = Detector();
        detector.OnEvent(Started(0, 2, cp3));
        detector.OnEvent(Meter(1, 2, Measurand.PowerOffered, 120_000, cp3));
        detector.OnEvent(Started(2, 1, cp3));
        detector.OnEvent(Meter(3, 1, Measurand.PowerOffered, 60_000, cp3));
        detector.OnEvent(Meter(33, 1, Measurand.PowerOffered, 60_000, cp3));

        var raised = Assert.Single(_sink.Signals);
        Assert.Equal("CP-3", raised.ChargePoint);
        Assert.Equal(120, raised.Evidence.RatedKw);
        Assert.Equal("learned", raised.Evidence.RatingSource);
    }

    [Fact]
    public void OnEvent_ClearsAfterSustainedRecovery_ButNotOnOneHighSample()
    {
        var detector = Detector();
        RaiseOnPort1(detector);
        detector.OnEvent(Meter(40, 1, Measurand.PowerOffered, 150_000));
        detector.OnEvent(Meter(45, 1, Measurand.PowerOffered, 50_000));
        detector.OnEvent(Meter(50, 1, Measurand.PowerOffered, 150_000));
        detector.OnEvent(Meter(59, 1, Measurand.PowerOffered, 150_000));
        Assert.Single(_sink.Signals);

        detector.OnEvent(Meter(60, 1, Measurand.PowerOffered, 150_000));

        Assert.Equal(new Signal(SignalTypes.PowerDerating, SignalState.Cleared, At(60), "CP-1", 1, SignalScope.Connector,
            new SignalEvidence { Reason = "recovered", Measurand = "Power.Offered", SinceMs = At(31), DurationMinutes = 29 }), _sink.Signals[1]);
    }

    [Fact]
    public void OnEvent_ClearsWhenA16SessionStops_ByItsTransactionId()
    {
        var detector = Detector();
        RaiseOnPort1(detector);
        var stopped = TelemetryEvent.Create(EventKind.SessionStopped, At(50), _cp, OcppVersion.V16);
        stopped.Value2 = Tx;

        detector.OnEvent(stopped);

        var cleared = _sink.Signals[1];
        Assert.Equal(SignalState.Cleared, cleared.State);
        Assert.Equal("session_ended", cleared.Evidence.Reason);
        Assert.Equal(At(50), cleared.TimestampMs);
    }

    [Fact]
    public void OnEvent_ClearsWhenA201SessionEnds_ByItsTransactionIdWithoutTheEvse()
    {
        var detector = Detector();
        var transaction = _texts.Intern("tx-7f3a"u8);
        var started = Started(0, 2);
        started.Version = OcppVersion.V201;
        started.TextCode = transaction;
        detector.OnEvent(started);
        detector.OnEvent(Meter(1, 2, Measurand.PowerOffered, 50_000, tx: 0));
        detector.OnEvent(Meter(31, 2, Measurand.PowerOffered, 50_000, tx: 0));
        var ended = TelemetryEvent.Create(EventKind.SessionStopped, At(40), _cp, OcppVersion.V201);
        ended.Value2 = 12;
        ended.TextCode = transaction;

        detector.OnEvent(ended);

        Assert.Equal([SignalState.Raised, SignalState.Cleared], _sink.Signals.Select(s => s.State));
        Assert.Equal((ushort)2, _sink.Signals[1].Port);
    }

    [Fact]
    public void OnEvent_ClearsWhenThePortReportsAvailable()
    {
        var detector = Detector();
        RaiseOnPort1(detector);

        detector.OnEvent(Status(45, 1, ConnectorStatus.Finishing, ErrorCode.NoError));

        Assert.Equal("session_ended", _sink.Signals[1].Evidence.Reason);
    }

    [Fact]
    public void OnEvent_IgnoresConnectorZeroMeters_ButTakesItsHighTemperatureForEveryPort()
    {
        var detector = Detector();
        detector.OnEvent(Meter(0, 0, Measurand.PowerActiveImport, 1_000));
        detector.OnEvent(Meter(40, 0, Measurand.PowerActiveImport, 1_000));
        Assert.Equal(0, detector.PortCount);

        detector.OnEvent(Started(50, 1));
        detector.OnEvent(Meter(51, 1, Measurand.PowerActiveImport, 30_000));
        detector.OnEvent(Status(52, 0, ConnectorStatus.Available, ErrorCode.HighTemperature));
        detector.OnEvent(Meter(81, 1, Measurand.PowerActiveImport, 30_000));

        Assert.Equal(true, Assert.Single(_sink.Signals).Evidence.Thermal);
    }

    [Fact]
    public void OnEvent_IgnoresPowerOutsideSessions()
    {
        var detector = Detector();
        for (var m = 0; m < 120; m += 5)
        {
            detector.OnEvent(Meter(m, 1, Measurand.PowerOffered, 0));
        }

        Assert.Empty(_sink.Signals);
    }

    [Fact]
    public void OnEvent_RaisesNothing_ForHealthySessions()
    {
        var detector = Detector();
        for (var s = 0; s < 50; s++)
        {
            var start = s * 120;
            var port = (ushort)(1 + (s % 2));
            detector.OnEvent(Started(start, port));
            detector.OnEvent(Status(start, port, ConnectorStatus.Charging, ErrorCode.NoError));
            // A vehicle drawing anything from 30 % to 90 % of the rating, offered the full rating, and a short ramp at the start.
            var import = (int)(150_000 * (0.3 + (0.6 * (s % 7) / 6.0)));
            for (var m = 1; m <= 60; m += 3)
            {
                detector.OnEvent(Meter(start + m, port, Measurand.PowerActiveImport, m < 5 ? 10_000 : import, tx: Tx + s));
                detector.OnEvent(Meter(start + m, port, Measurand.PowerOffered, m < 5 ? 30_000 : 150_000, tx: Tx + s));
            }

            detector.OnEvent(Status(start + 62, port, ConnectorStatus.Finishing, ErrorCode.NoError));
            detector.OnEvent(Status(start + 63, port, ConnectorStatus.Available, ErrorCode.NoError));
        }

        Assert.Empty(_sink.Signals);
    }

    [Fact]
    public void OnEvent_GivesTheSameSignals_WhenChargersInterleaveOutOfOrderWithinLateness()
    {
        var cp2 = _chargers.Intern("CP-2".AsSpan());
        var events = new List<TelemetryEvent>();
        foreach (var charger in new[] { _cp, cp2 })
        {
            events.Add(Started(0, 1, charger));
            for (var m = 1; m <= 80; m += 2)
            {
                events.Add(Meter(m, 1, Measurand.PowerOffered, m < 50 ? 40_000 : 150_000, charger));
            }

            events.Add(Status(90, 1, ConnectorStatus.Available, ErrorCode.NoError, charger));
        }

        var expected = Replay([.. events.OrderBy(e => e.TimestampMs)]);
        var actual = Replay([.. events.OrderBy(e => e.TimestampMs + (e.Charger == _cp ? 2 * Minute : 0))]);

        Assert.Equal(4, expected.Count);
        Assert.Equal(expected.OrderBy(s => s.ChargePoint, StringComparer.Ordinal).ThenBy(s => s.TimestampMs),
            actual.OrderBy(s => s.ChargePoint, StringComparer.Ordinal).ThenBy(s => s.TimestampMs));
    }

    [Fact]
    public void OnEvent_AllocatesNothing_WhenNoSignalIsEmitted()
    {
        var detector = Detector();
        var started = Started(0, 1);
        var offered = Meter(0, 1, Measurand.PowerOffered, 150_000);
        var import = Meter(0, 1, Measurand.PowerActiveImport, 40_000);
        var available = Status(0, 1, ConnectorStatus.Available, ErrorCode.NoError);
        var heartbeat = TelemetryEvent.Create(EventKind.Heartbeat, 0, _cp, OcppVersion.V16);
        var t = s_start;
        void Cycle()
        {
            started.TimestampMs = t;
            detector.OnEvent(started);
            for (var m = 1; m <= 40; m += 3)
            {
                offered.TimestampMs = import.TimestampMs = heartbeat.TimestampMs = t + (m * Minute);
                detector.OnEvent(import);
                detector.OnEvent(offered);
                detector.OnEvent(heartbeat);
            }

            available.TimestampMs = t + (45 * Minute);
            detector.OnEvent(available);
            t += 60 * Minute;
        }

        for (var i = 0; i < 100; i++)
        {
            Cycle();
        }

        var allocated = AllocationMeter.FewestBytes(() =>
        {
            for (var i = 0; i < 1_000; i++)
            {
                Cycle();
            }
        });
        Assert.Empty(_sink.Signals);
        Assert.Equal(0, allocated);
    }

    [Theory]
    [InlineData(0, 30, 10)]
    [InlineData(1, 30, 10)]
    [InlineData(double.NaN, 30, 10)]
    [InlineData(0.5, 0, 10)]
    [InlineData(0.5, 30, 0)]
    public void Validate_Throws_WhenAnOptionIsOutOfRange(double ratio, int minMinutes, int recoveryMinutes)
    {
        var options = new DeratingOptions
        {
            Ratio = ratio,
            MinDuration = TimeSpan.FromMinutes(minMinutes),
            RecoveryToClear = TimeSpan.FromMinutes(recoveryMinutes),
        };

        Assert.Throws<ArgumentException>(options.Validate);
        Assert.Throws<ArgumentException>(() => new DeratingDetector(_chargers, _inventory, _texts, options, _sink));
    }

    private List<Signal> Replay(List<TelemetryEvent> events)
    {
        var sink = new RecordingSink();
        var detector = new DeratingDetector(_chargers, _inventory, _texts, new DeratingOptions(), sink);
        foreach (var e in events)
        {
            detector.OnEvent(e);
        }

        return sink.Signals;
    }

    private void RaiseOnPort1(DeratingDetector detector)
    {
        detector.OnEvent(Started(0, 1));
        detector.OnEvent(Meter(1, 1, Measurand.PowerOffered, 50_000));
        detector.OnEvent(Meter(31, 1, Measurand.PowerOffered, 50_000));
        Assert.Single(_sink.Signals);
    }

    private DeratingDetector Detector(DeratingOptions? options = null) => new(_chargers, _inventory, _texts, options ?? new DeratingOptions(), _sink);

    private static long At(int minute) => s_start + (minute * Minute);

    private TelemetryEvent Started(int minute, ushort port, int? charger = null)
    {
        var e = TelemetryEvent.Create(EventKind.SessionStarted, At(minute), charger ?? _cp, OcppVersion.V16);
        e.Port = port;
        e.Connector = port;
        return e;
    }

    private TelemetryEvent Meter(int minute, ushort port, Measurand measurand, int watts, int? charger = null, int tx = Tx) =>
        MeterAtMs(At(minute), port, measurand, watts, charger, tx);

    private TelemetryEvent MeterAtMs(long t, ushort port, Measurand measurand, int watts, int? charger = null, int tx = Tx)
    {
        var e = TelemetryEvent.Create(EventKind.Meter, t, charger ?? _cp, OcppVersion.V16);
        e.Port = port;
        e.Connector = port;
        e.Detail = (byte)measurand;
        e.Value = watts;
        e.Value2 = tx;
        return e;
    }

    private TelemetryEvent Status(int minute, ushort port, ConnectorStatus status, ErrorCode error, int? charger = null)
    {
        var e = TelemetryEvent.Create(EventKind.Status, At(minute), charger ?? _cp, OcppVersion.V16);
        e.Port = port;
        e.Connector = port;
        e.Status = status;
        e.Error = error;
        return e;
    }
}
