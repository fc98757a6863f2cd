using Telemetry.Engine.Firmware;
using Telemetry.Engine.Signals;
using Telemetry.Engine.Tests.Support;
using Telemetry.Ocpp.Events;
using Telemetry.Testing;

namespace Telemetry.Engine.Tests.Firmware;

public sealed class FirmwareFailureDetectorTests
{
    private const long Minute = 60_000;
    private static readonly long s_start = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    private readonly ChargerRegistry _chargers = new();
    private readonly RecordingSink _sink = new();
    private readonly int _cp;

    public FirmwareFailureDetectorTests() => _cp = _chargers.Intern("CP-1".AsSpan());

    [Theory]
    [InlineData(FirmwareStatus.DownloadFailed)]
    [InlineData(FirmwareStatus.InstallationFailed)]
    [InlineData(FirmwareStatus.InstallVerificationFailed)]
    [InlineData(FirmwareStatus.InvalidSignature)]
    public void OnEvent_RaisesFailure_OnEachFailureStatus(FirmwareStatus failure)
    {
        var detector = Detector();
        detector.OnEvent(Firmware(0, FirmwareStatus.Downloading));
        detector.OnEvent(Firmware(5, FirmwareStatus.Downloaded));
        detector.OnEvent(Firmware(6, FirmwareStatus.Installing));
        Assert.Empty(_sink.Signals);

        detector.OnEvent(Firmware(9, failure));

        Assert.Equal(new Signal(SignalTypes.FirmwareFailure, SignalState.Raised, At(9), "CP-1", null, SignalScope.Charger,
            new SignalEvidence
            {
                FirmwareStatus = failure.ToString(),
                Count = 1,
                WindowMinutes = 7 * 24 * 60,
                FirstMs = At(9),
                LastMs = At(9),
            }), Assert.Single(_sink.Signals));
    }

    [Fact]
    public void OnEvent_ReportsTheRequestId_For201Notifications()
    {
        var detector = Detector();
        var failed = Firmware(9, FirmwareStatus.InstallationFailed, OcppVersion.V201);
        failed.Value2 = 77;
        detector.OnEvent(failed);

        Assert.Equal(77, Assert.Single(_sink.Signals).Evidence.RequestId);
    }

    [Fact]
    public void OnEvent_ClearsOnInstalled_WithTheEpisodeCounted()
    {
        var detector = Detector();
        detector.OnEvent(Firmware(10, FirmwareStatus.DownloadFailed));
        detector.OnEvent(Firmware(70, FirmwareStatus.Downloading));
        detector.OnEvent(Firmware(80, FirmwareStatus.InstallationFailed));
        detector.OnEvent(Firmware(200, FirmwareStatus.Idle));
        Assert.Single(_sink.Signals);

        detector.OnEvent(Firmware(250, FirmwareStatus.Installed));

        Assert.Equal(new Signal(SignalTypes.FirmwareFailure, SignalState.Cleared, At(250), "CP-1", null, SignalScope.Charger,
            new SignalEvidence
            {
                FirmwareStatus = "Installed",
                Count = 2,
                SinceMs = At(10),
                DurationMinutes = 240,
            }), _sink.Signals[1]);
    }

    [Fact]
    public void OnEvent_RaisesAtConfiguredCount_OnlyWithinTheWindow()
    {
        var detector = Detector(new FirmwareOptions { FailuresToRaise = 2, Window = TimeSpan.FromHours(1) });
        detector.OnEvent(Firmware(0, FirmwareStatus.DownloadFailed));
        detector.OnEvent(Firmware(60, FirmwareStatus.DownloadFailed));
        Assert.Empty(_sink.Signals);

        detector.OnEvent(Firmware(119, FirmwareStatus.DownloadFailed));

        var raised = Assert.Single(_sink.Signals);
        Assert.Equal(2, raised.Evidence.Count);
        Assert.Equal(At(60), raised.Evidence.FirstMs);
    }

    [Fact]
    public void OnEvent_RaisesNothing_ForASuccessfulUpdate()
    {
        var detector = Detector();
        foreach (var (minute, status) in new[]
        {
            (0, FirmwareStatus.DownloadScheduled), (1, FirmwareStatus.Downloading), (5, FirmwareStatus.Downloaded),
            (6, FirmwareStatus.SignatureVerified), (7, FirmwareStatus.InstallScheduled), (8, FirmwareStatus.Installing),
            (9, FirmwareStatus.InstallRebooting), (12, FirmwareStatus.Installed), (60, FirmwareStatus.Idle),
        })
        {
            detector.OnEvent(Firmware(minute, status, OcppVersion.V201));
        }

        detector.OnEvent(TelemetryEvent.Create(EventKind.Heartbeat, At(61), _cp, OcppVersion.V201));

        Assert.Empty(_sink.Signals);
    }

    [Fact]
    public void OnEvent_IgnoresFirmwareEventsFromTheCsms()
    {
        var detector = Detector();
        var e = Firmware(0, FirmwareStatus.InstallationFailed);
        e.Origin = EventOrigin.Csms;

        detector.OnEvent(e);

        Assert.Empty(_sink.Signals);
    }

    [Fact]
    public void OnEvent_RaisesOncePerCharger_ForEachFailingCharger()
    {
        var other = _chargers.Intern("CP-2".AsSpan());
        var detector = Detector();
        detector.OnEvent(Firmware(0, FirmwareStatus.InstallationFailed));
        detector.OnEvent(Firmware(1, FirmwareStatus.InstallationFailed, charger: other));
        detector.OnEvent(Firmware(2, FirmwareStatus.InstallationFailed));

        Assert.Equal(["CP-1", "CP-2"], _sink.Signals.Select(s => s.ChargePoint));
    }

    [Fact]
    public void OnEvent_GivesTheSameSignals_WhenChargersInterleaveOutOfOrderWithinLateness()
    {
        var other = _chargers.Intern("CP-2".AsSpan());
        var events = new List<TelemetryEvent>();
        foreach (var charger in new[] { _cp, other })
        {
            events.Add(Firmware(0, FirmwareStatus.Downloading, charger: charger));
            events.Add(Firmware(1, FirmwareStatus.InstallationFailed, charger: charger));
            events.Add(Firmware(3, FirmwareStatus.Installed, charger: charger));
        }

        var inOrder = Replay([.. events.OrderBy(e => e.TimestampMs)]);
        var lagged = Replay([.. events.OrderBy(e => e.TimestampMs + (e.Charger == _cp ? 2 * Minute : 0))]);

        Assert.Equal(4, inOrder.Count);
        Assert.Equal(inOrder.OrderBy(s => s.ChargePoint, StringComparer.Ordinal).ThenBy(s => s.TimestampMs),
            lagged.OrderBy(s => s.ChargePoint, StringComparer.Ordinal).ThenBy(s => s.TimestampMs));
    }

    [Fact]
    public void OnEvent_AllocatesNothing_WhenNoSignalIsEmitted()
    {
        var detector = Detector();
        var e = Firmware(0, FirmwareStatus.Downloading);
        var statuses = new[] { FirmwareStatus.Downloading, FirmwareStatus.Downloaded, FirmwareStatus.Installing, FirmwareStatus.Installed, FirmwareStatus.Idle };
        var t = s_start;
        void Cycle()
        {
            foreach (var status in statuses)
            {
                e.Detail = (byte)status;
                e.TimestampMs = t;
                detector.OnEvent(e);
                t += Minute;
            }
        }

        for (var i = 0; i < 100; i++)
        {
            Cycle();
        }

        var allocated = AllocationMeter.FewestBytes(() =>
        {
            for (var i = 0; i < 5_000; i++)
            {
                Cycle();
            }
        });
        Assert.Empty(_sink.Signals);
        Assert.Equal(0, allocated);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(17, 1)]
    [InlineData(1, 0)]
    public void Validate_Throws_WhenAnOptionIsOutOfRange(int failures, int windowHours)
    {
        var options = new FirmwareOptions { FailuresToRaise = failures, Window = TimeSpan.FromHours(windowHours) };

        Assert.Throws<ArgumentException>(options.Validate);
        Assert.Throws<ArgumentException>(() => new FirmwareFailureDetector(_chargers, options, _sink));
    }

    private List<Signal> Replay(List<TelemetryEvent> events)
    {
        var sink = new RecordingSink();
        var detector = new FirmwareFailureDetector(_chargers, new FirmwareOptions(), sink);
        foreach (var e in events)
        {
            detector.OnEvent(e);
        }

        return sink.Signals;
    }

    private FirmwareFailureDetector Detector(FirmwareOptions? options = null) => new(_chargers, options ?? new FirmwareOptions(), _sink);

    private static long At(int minute) => s_start + (minute * Minute);

    private TelemetryEvent Firmware(int minute, FirmwareStatus status, OcppVersion version = OcppVersion.V16, int? charger = null)
    {
        var e = TelemetryEvent.Create(EventKind.Firmware, At(minute), charger ?? _cp, version);
        e.Detail = (byte)status;
        return e;
    }
}
