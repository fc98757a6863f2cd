using Telemetry.Decide.Correlation;
using Telemetry.Decide.Incidents;
using Telemetry.Decide.Policy;
using Telemetry.Decide.Recovery;
using Telemetry.Engine.Inventory;
using Telemetry.Engine.Signals;
using Telemetry.Ocpp.Events;

namespace Telemetry.Decide.Tests.Support;

/// <summary>A fleet, a correlator over it, and helpers that raise signals and events at minutes after <see cref="T0"/>.</summary>
internal sealed class Scenario
{
    public const long T0 = 1_772_323_200_000; // 2026-03-01T00:00:00Z
    public const long Minute = 60_000;
    public const long Hour = 60 * Minute;

    public Scenario(EscalationPolicyOptions? policy = null, IEnumerable<ChargerInfo>? chargers = null)
    {
        Policy = policy ?? new EscalationPolicyOptions();
        Inventory = new FleetInventory(chargers ?? DefaultFleet());
        Correlator = new SiteCorrelator(Policy, Inventory, Registry, Log);
    }

    public EscalationPolicyOptions Policy { get; }

    public FleetInventory Inventory { get; }

    public ChargerRegistry Registry { get; } = new();

    public DecisionLog Log { get; } = new();

    public SiteCorrelator Correlator { get; }

    /// <summary>Site A: CP-A1..A4 (model M1, 1.6); site B: CP-B1..B3 (M1, 2.0.1); site C: CP-C1..C2 (model M2).</summary>
    public static IEnumerable<ChargerInfo> DefaultFleet()
    {
        for (var i = 1; i <= 4; i++)
        {
            yield return new ChargerInfo($"CP-A{i}", "SITE-A", "Acme", "M1", "1.0.0", 2);
        }

        for (var i = 1; i <= 3; i++)
        {
            yield return new ChargerInfo($"CP-B{i}", "SITE-B", "Acme", "M1", "1.0.0", 2);
        }

        for (var i = 1; i <= 2; i++)
        {
            yield return new ChargerInfo($"CP-C{i}", "SITE-C", "Bolt", "M2", "7.1", 2);
        }
    }

    public static long At(double minutes) => T0 + (long)(minutes * Minute);

    public void Raise(string type, double minutes, string cp, ushort? port = null, SignalScope? scope = null, SignalEvidence? evidence = null) =>
        Correlator.OnSignal(new Signal(type, SignalState.Raised, At(minutes), cp, port,
            scope ?? (port is null ? SignalScope.Charger : SignalScope.Connector), evidence ?? new SignalEvidence()));

    public void Clear(string type, double minutes, string cp, ushort? port = null, SignalScope? scope = null) =>
        Correlator.OnSignal(new Signal(type, SignalState.Cleared, At(minutes), cp, port,
            scope ?? (port is null ? SignalScope.Charger : SignalScope.Connector), new SignalEvidence()));

    /// <summary>A charger going silent: comms.offline and an outage per port, as the availability detector raises them.</summary>
    public void GoSilent(double minutes, string cp, double? lastSeenMinutes = null, string reason = "heartbeat_timeout")
    {
        Raise(SignalTypes.CommsOffline, minutes, cp, evidence: new SignalEvidence { Reason = reason, LastSeenMs = At(lastSeenMinutes ?? minutes) });
        Raise(SignalTypes.AvailabilityOutage, minutes, cp, 1, evidence: new SignalEvidence { Cause = "offline" });
        Raise(SignalTypes.AvailabilityOutage, minutes, cp, 2, evidence: new SignalEvidence { Cause = "offline" });
    }

    public void Return(double minutes, string cp, BootReason? boot, OcppVersion version = OcppVersion.V16)
    {
        Event(EventKind.Connected, minutes, cp, version: version);
        Clear(SignalTypes.CommsOffline, minutes, cp);
        Clear(SignalTypes.AvailabilityOutage, minutes, cp, 1);
        Clear(SignalTypes.AvailabilityOutage, minutes, cp, 2);
        if (boot is { } reason)
        {
            Event(EventKind.Boot, minutes + 0.1, cp, detail: (byte)reason, version: version);
        }
    }

    public void Faulted(double minutes, string cp, ushort port, string errorCode) =>
        Raise(SignalTypes.AvailabilityOutage, minutes, cp, port, evidence: new SignalEvidence { Cause = "faulted", Status = "Faulted", ErrorCode = errorCode });

    public void Event(
        EventKind kind, double minutes, string cp, ushort port = 0, ConnectorStatus status = ConnectorStatus.None, byte detail = 0,
        byte reason = 0, EventOrigin origin = EventOrigin.Charger, bool offline = false, OcppVersion version = OcppVersion.V16)
    {
        var e = TelemetryEvent.Create(kind, At(minutes), Registry.Intern(cp.AsSpan()), version);
        e.Port = port;
        e.Connector = port;
        e.Status = status;
        e.Detail = detail;
        e.Reason = reason;
        e.Origin = origin;
        e.Offline = offline;
        Correlator.OnEvent(e);
    }

    public void Tick(double minutes) => Correlator.Tick(At(minutes));

    /// <summary>The latest record of every incident, in order of first appearance.</summary>
    public IReadOnlyList<IncidentRecord> Final()
    {
        var latest = new Dictionary<string, IncidentRecord>();
        var order = new List<string>();
        foreach (var record in Log.Incidents)
        {
            if (latest.TryAdd(record.Incident, record))
            {
                order.Add(record.Incident);
            }
            else
            {
                latest[record.Incident] = record;
            }
        }

        return order.ConvertAll(id => latest[id]);
    }

    /// <summary>Incidents not merged into another (those end with a "merged into" resolution).</summary>
    public IReadOnlyList<IncidentRecord> Distinct() =>
        Final().Where(r => !r.Reason.StartsWith("merged into", StringComparison.Ordinal)).ToList();

    public IncidentRecord Single()
    {
        var all = Distinct();
        Assert.True(all.Count == 1, $"expected one incident, got {all.Count}: {string.Join(" | ", all.Select(r => r.Subject + " " + r.Cause))}");
        return all[0];
    }

    public IReadOnlyList<CommandRecord> Requests() => Log.Commands.Where(c => c.Outcome == CommandOutcome.Requested).ToList();
}
