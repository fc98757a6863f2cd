using Telemetry.Engine;
using Telemetry.Engine.Ordering;
using Telemetry.Ocpp.Events;

namespace Telemetry.Bench.Detect;

/// <summary>
/// Builds one partition's detector state for a fleet of two-port chargers and measures the
/// managed memory it holds (DESIGN §5: 1M connectors in ≤ 1 GB): a full collection before and
/// after, with the registry of charger ids measured apart. Each charger connects, boots, is
/// accepted, reports every port and a heartbeat; a quarter of them then start a session on port
/// 1 (authorised, charging, one meter value) and half of those stop it, so the session, auth and
/// derating tables hold what a busy fleet holds.
/// </summary>
public static class StateSize
{
    public const int PortsPerCharger = 2;

    private const long StartMs = 1_772_323_200_000; // 2026-03-01T00:00:00Z

    public static StateSizeFigure Measure(int chargers, DetectorOptions options) => Measure(chargers, options, only: null);

    /// <summary>
    /// The state each stage of <see cref="BenchPartition.Stages"/> holds alone for the same fleet,
    /// so that the largest shares can be found; each includes the (drained) reorder buffer, which
    /// the <see cref="EventReorderBuffer"/> row shows alone.
    /// </summary>
    public static IReadOnlyList<StageStateFigure> MeasureStages(int chargers, DetectorOptions options)
    {
        var figures = new List<StageStateFigure>(BenchPartition.Stages.Count);
        foreach (var stage in BenchPartition.Stages)
        {
            figures.Add(new StageStateFigure(stage, Measure(chargers, options, stage).DetectorBytes));
        }

        return figures;
    }

    private static StateSizeFigure Measure(int chargers, DetectorOptions options, string? only)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chargers, 1);
        ArgumentNullException.ThrowIfNull(options);
        var texts = new TextCodeRegistry();

        var before = FullCollection();
        var registry = new ChargerRegistry();
        for (var c = 0; c < chargers; c++)
        {
            registry.Intern($"CP-S{c:D7}");
        }

        var afterRegistry = FullCollection();
        var partition = new BenchPartition(registry, texts, options, only);
        long events = 0;
        var feed = new Feed(partition);
        for (var c = 0; c < chargers; c++)
        {
            events += Boot(ref feed, c, StartMs + c);
        }

        var sessionsMs = StartMs + chargers + 60_000;
        for (var c = 0; c < chargers; c += 4)
        {
            events += Session(ref feed, c, sessionsMs + c, stop: c % 8 == 0);
        }

        partition.Drain();
        var after = FullCollection();
        GC.KeepAlive(partition);
        GC.KeepAlive(registry);
        return new StateSizeFigure(chargers, chargers * PortsPerCharger, events, afterRegistry - before, after - afterRegistry);
    }

    private static long FullCollection()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static int Boot(ref Feed feed, int charger, long t)
    {
        var version = charger % 3 == 0 ? OcppVersion.V201 : OcppVersion.V16;
        feed.Send(TelemetryEvent.Create(EventKind.Connected, t, charger, version));
        feed.Send(TelemetryEvent.Create(EventKind.Boot, t, charger, version));
        var accepted = TelemetryEvent.Create(EventKind.BootResult, t, charger, version);
        accepted.Origin = EventOrigin.Csms;
        accepted.Value = 300;
        accepted.Detail = (byte)RegistrationStatus.Accepted;
        feed.Send(accepted);
        for (var port = 0; port <= PortsPerCharger; port++)
        {
            var status = TelemetryEvent.Create(EventKind.Status, t, charger, version);
            status.Port = (ushort)port;
            status.Connector = (ushort)(port == 0 ? 0 : 1);
            status.Status = ConnectorStatus.Available;
            status.Error = ErrorCode.NoError;
            feed.Send(status);
        }

        feed.Send(TelemetryEvent.Create(EventKind.Heartbeat, t, charger, version));
        return 4 + PortsPerCharger + 1;
    }

    private static int Session(ref Feed feed, int charger, long t, bool stop)
    {
        var version = charger % 3 == 0 ? OcppVersion.V201 : OcppVersion.V16;
        var auth = OnPort(EventKind.AuthResult, t, charger, version);
        auth.Origin = EventOrigin.Csms;
        auth.Detail = (byte)AuthorizationStatus.Accepted;
        feed.Send(auth);
        var started = OnPort(EventKind.SessionStarted, t, charger, version);
        started.Value = 1_000;
        started.Value2 = charger + 1;
        feed.Send(started);
        var charging = OnPort(EventKind.Status, t, charger, version);
        charging.Status = ConnectorStatus.Charging;
        feed.Send(charging);
        var meter = OnPort(EventKind.Meter, t + 1, charger, version);
        meter.Value = 2_000;
        feed.Send(meter);
        if (!stop)
        {
            return 4;
        }

        var stopped = OnPort(EventKind.SessionStopped, t + 2, charger, version);
        stopped.Value = 9_000;
        stopped.Value2 = charger + 1;
        feed.Send(stopped);
        var available = OnPort(EventKind.Status, t + 2, charger, version);
        available.Status = ConnectorStatus.Available;
        feed.Send(available);
        return 6;
    }

    private static TelemetryEvent OnPort(EventKind kind, long t, int charger, OcppVersion version)
    {
        var e = TelemetryEvent.Create(kind, t, charger, version);
        e.Port = 1;
        e.Connector = 1;
        return e;
    }

    private readonly struct Feed(BenchPartition partition)
    {
        public void Send(in TelemetryEvent e) => partition.OnEvent(e);
    }
}
