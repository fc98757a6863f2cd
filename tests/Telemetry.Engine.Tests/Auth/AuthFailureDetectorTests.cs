using Telemetry.Engine.Auth;
using Telemetry.Engine.Inventory;
using Telemetry.Engine.Signals;
using Telemetry.Engine.Tests.Sessions;
using Telemetry.Engine.Tests.Support;
using Telemetry.Ocpp.Events;
using Telemetry.Testing;

namespace Telemetry.Engine.Tests.Auth;

public sealed class AuthFailureDetectorTests
{
    private const long Second = 1000;
    private const long Minute = 60 * Second;
    private const long Hour = 60 * Minute;
    private static readonly long s_start = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    private readonly ChargerRegistry _chargers = new();
    private readonly RecordingSink _sink = new();
    private readonly FleetInventory _inventory;
    private readonly OcppEvents[] _cp;

    public AuthFailureDetectorTests()
    {
        // CP-1..CP-3 at site A, CP-4..CP-6 at site B, CP-7 missing from the inventory.
        _cp = new OcppEvents[7];
        var infos = new List<ChargerInfo>();
        for (var i = 0; i < _cp.Length; i++)
        {
            var name = "CP-" + (i + 1);
            _cp[i] = new OcppEvents(_chargers.Intern(name.AsSpan()), s_start);
            if (i < 6)
            {
                infos.Add(new ChargerInfo(name, i < 3 ? "A" : "B"));
            }
        }

        _inventory = new FleetInventory(infos);
    }

    [Theory]
    [InlineData(AuthorizationStatus.Invalid, OcppVersion.V16)]
    [InlineData(AuthorizationStatus.Blocked, OcppVersion.V16)]
    [InlineData(AuthorizationStatus.Unknown, OcppVersion.V201)]
    [InlineData(AuthorizationStatus.NotAtThisLocation, OcppVersion.V201)]
    public void OnEvent_RaisesAtFifthRejectedAttempt_WhenAllAreWithinTheWindow(AuthorizationStatus status, OcppVersion version)
    {
        var detector = Detector();
        for (var i = 0; i < 4; i++)
        {
            detector.OnEvent(_cp[0].Authorized(i * Hour, status, version));
        }

        Assert.Empty(_sink.Signals);

        detector.OnEvent(_cp[0].Authorized(20 * Hour, status, version));

        Assert.Equal(new Signal(SignalTypes.AuthFailures, SignalState.Raised, _cp[0].At(20 * Hour), "CP-1", null, SignalScope.Charger,
            new SignalEvidence
            {
                Cause = "charger",
                BackendOutage = false,
                Count = 5,
                Attempts = 5,
                Share = 1,
                WindowMinutes = 24 * 60,
                FirstMs = _cp[0].At(0),
                LastMs = _cp[0].At(20 * Hour),
                AuthStatus = status.ToString(),
            }), Assert.Single(_sink.Signals));
    }

    [Fact]
    public void OnEvent_CountsOneDriversRetriesOnce()
    {
        var detector = Detector();
        for (var i = 0; i < 10; i++)
        {
            detector.OnEvent(_cp[0].Authorized(i * 30 * Second, AuthorizationStatus.Expired));
        }

        Assert.Empty(_sink.Signals);
        Assert.Equal(new AuthCounts(0, 1), detector.CountsOf(_cp[0].Charger));
    }

    [Theory]
    [InlineData(AuthorizationStatus.ConcurrentTx)]
    [InlineData(AuthorizationStatus.Unrecognised)]
    [InlineData(AuthorizationStatus.None)]
    public void OnEvent_IgnoresStatusesThatAreNotVerdicts(AuthorizationStatus status)
    {
        var detector = Detector();
        for (var i = 0; i < 8; i++)
        {
            detector.OnEvent(_cp[0].Authorized(i * Hour, status));
        }

        Assert.Empty(_sink.Signals);
        Assert.Equal(default, detector.CountsOf(_cp[0].Charger));
    }

    [Fact]
    public void OnEvent_CountsStartAnswerOnce_WhenItRepeatsTheAuthorizeVerdict()
    {
        var detector = Detector();
        detector.OnEvent(_cp[0].Authorized(0, AuthorizationStatus.Accepted));
        detector.OnEvent(_cp[0].StartAnswer(20 * Second, 1));
        // No Authorize before (a locally authorised token): the start answer is the verdict.
        detector.OnEvent(_cp[0].StartAnswer(Hour, 2, AuthorizationStatus.Invalid));
        // A refusal at start after an accepted Authorize is a verdict of its own.
        detector.OnEvent(_cp[0].Authorized(2 * Hour, AuthorizationStatus.Accepted));
        detector.OnEvent(_cp[0].StartAnswer((2 * Hour) + (20 * Second), 3, AuthorizationStatus.Blocked));

        Assert.Equal(new AuthCounts(2, 2), detector.CountsOf(_cp[0].Charger));
    }

    [Fact]
    public void OnEvent_DoesNotRaise_WhenRejectionsAreBelowTheShare()
    {
        var detector = Detector();
        detector.OnEvent(_cp[0].Authorized(0, AuthorizationStatus.Accepted));
        detector.OnEvent(_cp[0].Authorized(Hour, AuthorizationStatus.Accepted));
        for (var i = 2; i < 9; i++)
        {
            detector.OnEvent(_cp[0].Authorized(i * Hour, AuthorizationStatus.Invalid));
        }

        // 7 of 9 verdicts are rejections: 78 %.
        Assert.Empty(_sink.Signals);
    }

    [Fact]
    public void OnEvent_Raises_WhenRejectionsAreExactlyTheShare()
    {
        var detector = Detector();
        detector.OnEvent(_cp[0].Authorized(0, AuthorizationStatus.Accepted));
        detector.OnEvent(_cp[0].Authorized(Hour, AuthorizationStatus.Accepted));
        for (var i = 2; i < 10; i++)
        {
            detector.OnEvent(_cp[0].Authorized(i * Hour, AuthorizationStatus.Invalid));
        }

        var raised = Assert.Single(_sink.Signals);
        Assert.Equal(_cp[0].At(9 * Hour), raised.TimestampMs);
        Assert.Equal(0.8, raised.Evidence.Share);
        Assert.Equal(10, raised.Evidence.Attempts);
    }

    [Fact]
    public void OnEvent_ClearsAfterTwoAcceptsInARow()
    {
        var detector = Detector();
        for (var i = 0; i < 5; i++)
        {
            detector.OnEvent(_cp[0].Authorized(i * Hour, AuthorizationStatus.Invalid));
        }

        detector.OnEvent(_cp[0].Authorized(5 * Hour, AuthorizationStatus.Accepted));
        detector.OnEvent(_cp[0].Authorized(6 * Hour, AuthorizationStatus.Invalid));
        detector.OnEvent(_cp[0].Authorized(7 * Hour, AuthorizationStatus.Accepted));
        Assert.Single(_sink.Signals);

        detector.OnEvent(_cp[0].Authorized(8 * Hour, AuthorizationStatus.Accepted));

        Assert.Equal(new Signal(SignalTypes.AuthFailures, SignalState.Cleared, _cp[0].At(8 * Hour), "CP-1", null, SignalScope.Charger,
            new SignalEvidence { Count = 6, SinceMs = _cp[0].At(4 * Hour), DurationMinutes = 4 * 60 }), _sink.Signals[1]);
    }

    [Fact]
    public void OnEvent_RaisesOneFleetSignal_WhenChargersAtTwoSitesRejectAtOnce()
    {
        var detector = Detector();
        detector.OnEvent(_cp[0].Authorized(0, AuthorizationStatus.Invalid));
        detector.OnEvent(_cp[1].Authorized(10 * Minute, AuthorizationStatus.Invalid));
        Assert.Empty(_sink.Signals);

        detector.OnEvent(_cp[3].Authorized(20 * Minute, AuthorizationStatus.Unknown, OcppVersion.V201));

        Assert.Equal(new Signal(SignalTypes.AuthFailures, SignalState.Raised, _cp[0].At(20 * Minute), string.Empty, null, SignalScope.Fleet,
            new SignalEvidence
            {
                Cause = "backend",
                Chargers = 3,
                Sites = 2,
                Attempts = 3,
                Share = 1,
                WindowMinutes = 30,
                LastMs = _cp[0].At(20 * Minute),
            }), Assert.Single(_sink.Signals));
        Assert.True(detector.Fleet.InOutage);
    }

    [Fact]
    public void OnEvent_RaisesNoFleetSignal_WhenTheRejectingChargersShareOneSite()
    {
        var detector = Detector();
        detector.OnEvent(_cp[0].Authorized(0, AuthorizationStatus.Invalid));
        detector.OnEvent(_cp[1].Authorized(Minute, AuthorizationStatus.Invalid));
        detector.OnEvent(_cp[2].Authorized(2 * Minute, AuthorizationStatus.Invalid));

        Assert.Empty(_sink.Signals);
        Assert.Equal(1, detector.Fleet.SitesInRejection);
    }

    [Fact]
    public void OnEvent_CountsAChargerMissingFromTheInventoryAsASiteOfItsOwn()
    {
        var detector = Detector();
        detector.OnEvent(_cp[0].Authorized(0, AuthorizationStatus.Invalid));
        detector.OnEvent(_cp[1].Authorized(Minute, AuthorizationStatus.Invalid));
        detector.OnEvent(_cp[6].Authorized(2 * Minute, AuthorizationStatus.Invalid));

        Assert.Equal(SignalScope.Fleet, Assert.Single(_sink.Signals).Scope);
    }

    [Fact]
    public void OnEvent_RaisesNoFleetSignal_WhenMostChargersThatSawADriverAccepted()
    {
        var detector = Detector();
        detector.OnEvent(_cp[1].Authorized(0, AuthorizationStatus.Accepted));
        detector.OnEvent(_cp[2].Authorized(0, AuthorizationStatus.Accepted));
        detector.OnEvent(_cp[4].Authorized(0, AuthorizationStatus.Accepted));
        detector.OnEvent(_cp[5].Authorized(0, AuthorizationStatus.Accepted));
        detector.OnEvent(_cp[0].Authorized(Minute, AuthorizationStatus.Invalid));
        detector.OnEvent(_cp[3].Authorized(2 * Minute, AuthorizationStatus.Invalid));
        detector.OnEvent(_cp[6].Authorized(3 * Minute, AuthorizationStatus.Expired));

        // 3 of 7 chargers refused: not "most".
        Assert.Empty(_sink.Signals);
        Assert.Equal(3, detector.Fleet.RejectingChargers);
    }

    [Fact]
    public void Tick_ClearsTheFleetSignal_WhenTheLastRejectionLeavesTheWindow()
    {
        var byVerdict = new RecordingSink();
        var verdictDetector = new AuthFailureDetector(_chargers, new AuthOptions(), _inventory, byVerdict);
        var detector = Detector();
        foreach (var d in new[] { verdictDetector, detector })
        {
            d.OnEvent(_cp[0].Authorized(0, AuthorizationStatus.Invalid));
            d.OnEvent(_cp[3].Authorized(Minute, AuthorizationStatus.Invalid));
            d.OnEvent(_cp[6].Authorized(2 * Minute, AuthorizationStatus.Invalid));
        }

        detector.Tick(_cp[0].At(32 * Minute) - 1);
        Assert.Single(_sink.Signals);
        detector.Tick(_cp[0].At(Hour));
        verdictDetector.OnEvent(_cp[1].Authorized(Hour, AuthorizationStatus.Accepted));

        // Each rejection leaves the window 30 minutes after it; the last to leave ends the outage.
        Assert.Equal(byVerdict.Signals, _sink.Signals);
        Assert.Equal(new Signal(SignalTypes.AuthFailures, SignalState.Cleared, _cp[0].At(32 * Minute), string.Empty, null, SignalScope.Fleet,
            new SignalEvidence { Cause = "backend", Chargers = 3, SinceMs = _cp[0].At(2 * Minute), DurationMinutes = 30 }), _sink.Signals[1]);
    }

    [Fact]
    public void OnEvent_MarksChargerSignal_WhenRaisedDuringABackendOutage()
    {
        var detector = Detector();
        detector.OnEvent(_cp[3].Authorized(0, AuthorizationStatus.Invalid));
        detector.OnEvent(_cp[6].Authorized(0, AuthorizationStatus.Invalid));
        for (var i = 0; i < 5; i++)
        {
            // A busy charger: a new driver every five minutes, all refused.
            detector.OnEvent(_cp[0].Authorized(i * 5 * Minute, AuthorizationStatus.Invalid));
        }

        Assert.Equal(2, _sink.Signals.Count);
        Assert.Equal(SignalScope.Fleet, _sink.Signals[0].Scope);
        var charger = _sink.Signals[1];
        Assert.Equal("CP-1", charger.ChargePoint);
        Assert.True(charger.Evidence.BackendOutage);
        Assert.Equal("backend", charger.Evidence.Cause);
    }

    [Fact]
    public void OnEvent_SeesTheWholeFleet_WhenPartitionsShareOneView()
    {
        var view = new BackendOutageView(new AuthOptions(), _sink);
        var partition0 = new AuthFailureDetector(_chargers, new AuthOptions(), _inventory, _sink, view);
        var partition1 = new AuthFailureDetector(_chargers, new AuthOptions(), _inventory, _sink, view);
        partition0.OnEvent(_cp[0].Authorized(0, AuthorizationStatus.Invalid));
        partition1.OnEvent(_cp[3].Authorized(Minute, AuthorizationStatus.Invalid));
        Assert.Empty(_sink.Signals);

        partition0.OnEvent(_cp[1].Authorized(2 * Minute, AuthorizationStatus.Invalid));

        Assert.Equal(SignalScope.Fleet, Assert.Single(_sink.Signals).Scope);
        Assert.Same(view, partition1.Fleet);
    }

    [Fact]
    public void OnEvent_GivesTheSameChargerSignals_WhenChargersInterleaveOutOfOrderWithinTheLateness()
    {
        var events = new List<TelemetryEvent>();
        for (var i = 0; i < 6; i++)
        {
            events.Add(_cp[0].Authorized(i * Hour, AuthorizationStatus.Invalid));
            events.Add(_cp[4].Authorized((i * Hour) + (10 * Second), AuthorizationStatus.Accepted));
        }

        var inOrder = Run(events.OrderBy(e => e.TimestampMs));
        var skewed = Run(events.OrderBy(e => e.Charger == _cp[4].Charger ? e.TimestampMs - (90 * Second) : e.TimestampMs));

        Assert.Single(inOrder);
        Assert.Equal(inOrder, skewed);
    }

    [Fact]
    public void OnEvent_RaisesNothing_ForAWeekOfHealthyTrafficWithOccasionalRefusals()
    {
        var detector = Detector();
        var random = new Random(11);
        var t = 0L;
        for (var i = 0; i < 7 * 24 * 6; i++)
        {
            // A driver somewhere every ten minutes; one in twenty refused (an expired card), who tries twice.
            t += 10 * Minute;
            var cp = _cp[random.Next(_cp.Length)];
            if (random.Next(20) == 0)
            {
                detector.OnEvent(cp.Authorized(t, AuthorizationStatus.Expired));
                detector.OnEvent(cp.Authorized(t + (20 * Second), AuthorizationStatus.Expired));
            }
            else
            {
                detector.OnEvent(cp.Authorized(t, AuthorizationStatus.Accepted));
            }

            detector.Tick(_cp[0].At(t));
        }

        Assert.Empty(_sink.Signals);
        Assert.True(detector.CountsOf(_cp[0].Charger).Accepted > 100);
    }

    [Fact]
    public void OnEvent_AllocatesNothing_WhenNoSignalIsEmitted()
    {
        var detector = Detector();
        var t = 0L;
        void Cycle()
        {
            for (var i = 0; i < _cp.Length; i++)
            {
                detector.OnEvent(_cp[i].Authorized(t + (i * Minute), AuthorizationStatus.Accepted));
                detector.OnEvent(_cp[i].StartAnswer(t + (i * Minute) + (20 * Second), i));
            }

            detector.OnEvent(_cp[2].Authorized(t + (10 * Minute), AuthorizationStatus.Invalid));
            detector.OnEvent(_cp[2].Authorized(t + (10 * Minute) + (30 * Second), AuthorizationStatus.Invalid));
            detector.OnEvent(_cp[2].Heartbeat(t + (11 * Minute)));
            detector.Tick(_cp[0].At(t + (12 * Minute)));
            t += Hour;
        }

        const int WarmUpCycles = 500;
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
        Assert.Equal(new AuthCounts(Cycles, Cycles), detector.CountsOf(_cp[2].Charger));
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void IsRejection_LeavesOutConcurrentTx()
    {
        AuthorizationStatus[] rejections =
        [
            AuthorizationStatus.Blocked, AuthorizationStatus.Expired, AuthorizationStatus.Invalid, AuthorizationStatus.NoCredit,
            AuthorizationStatus.NotAllowedTypeEVSE, AuthorizationStatus.NotAtThisLocation, AuthorizationStatus.NotAtThisTime, AuthorizationStatus.Unknown,
        ];

        foreach (var status in Enum.GetValues<AuthorizationStatus>())
        {
            Assert.Equal(rejections.Contains(status), AuthFailureDetector.IsRejection(status));
        }
    }

    [Theory]
    [InlineData(0, 0.8, 24, 30, 3, 2, 0.5)]
    [InlineData(17, 0.8, 24, 30, 3, 2, 0.5)]
    [InlineData(5, 0, 24, 30, 3, 2, 0.5)]
    [InlineData(5, 1.1, 24, 30, 3, 2, 0.5)]
    [InlineData(5, 0.8, 0, 30, 3, 2, 0.5)]
    [InlineData(5, 0.8, 24, 0, 3, 2, 0.5)]
    [InlineData(5, 0.8, 24, 30, 1, 2, 0.5)]
    [InlineData(5, 0.8, 24, 30, 3, 0, 0.5)]
    [InlineData(5, 0.8, 24, 30, 3, 2, 0)]
    public void Validate_Throws_WhenAnOptionIsOutOfRange(int rejections, double share, int windowHours, int fleetMinutes, int fleetChargers, int fleetSites, double fleetShare)
    {
        var options = new AuthOptions
        {
            RejectionsToRaise = rejections,
            RejectionShare = share,
            Window = TimeSpan.FromHours(windowHours),
            FleetWindow = TimeSpan.FromMinutes(fleetMinutes),
            FleetChargers = fleetChargers,
            FleetSites = fleetSites,
            FleetShare = fleetShare,
        };

        Assert.Throws<ArgumentException>(options.Validate);
        Assert.Throws<ArgumentException>(() => new AuthFailureDetector(_chargers, options, _inventory, _sink));
    }

    private AuthFailureDetector Detector() => new(_chargers, new AuthOptions(), _inventory, _sink);

    private List<Signal> Run(IEnumerable<TelemetryEvent> events)
    {
        var sink = new RecordingSink();
        var detector = new AuthFailureDetector(_chargers, new AuthOptions(), _inventory, sink);
        foreach (var e in events)
        {
            detector.OnEvent(e);
        }

        return sink.Signals;
    }
}
