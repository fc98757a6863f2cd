using Telemetry.Decide.Incidents;
using Telemetry.Decide.Policy;
using Telemetry.Decide.Recovery;
using Telemetry.Engine.Inventory;
using Telemetry.Engine.Signals;
using Telemetry.Ocpp.Events;

namespace Telemetry.Decide.Correlation;

/*
 * Site correlator and escalation, one instance per site partition (single-threaded).
 *
 * Inputs, in event-time order: detector signals (OnSignal), the OCPP events that show what
 * chargers and the CSMS did (OnEvent: boots, connections, sessions, statuses, commands and their
 * results), and the passing of time (Tick). Every input first fires the deadlines due by its
 * time, in (due time, incident creation) order, so a replay gives the same records as a live run
 * fed the same inputs, and deadlines fire with no new signal.
 *
 * A raised signal joins a live incident it belongs to — the same connector, the same charger, the
 * site's silence, the fleet's fault — or starts a pending one. A pending incident waits
 * Correlation:GroupWait (FleetGroupWait for fleet-compared types) for its peers: enough silent
 * chargers of one site become one site incident, the same fault on one model or firmware at
 * enough sites one fleet incident; the pending incidents they absorb are never published. Each
 * incident is a state machine, see IncidentPhase; its owner climbs the tiers on deadlines,
 * recurrences and failed restarts; its remote recovery climbs RecoveryLadder under RestartGuardrails.
 */

/// <summary>Turns signals into incidents with scope, cause, owner and remote recovery (DESIGN §2.3).</summary>
public sealed partial class SiteCorrelator
{
    private const long DayMs = 24 * 3_600_000L;
    private const long WeekMs = 7 * DayMs;

    private readonly EscalationPolicyOptions _policy;
    private readonly FleetInventory _inventory;
    private readonly ChargerRegistry _chargers;
    private readonly IDecisionSink _sink;
    private readonly RestartGuardrails _guardrails;
    private readonly HashSet<string> _fleetTypes;
    private readonly Dictionary<string, ChargerFacts> _facts = new(StringComparer.Ordinal);
    private readonly List<Incident> _live = [];
    private readonly Dictionary<string, IncidentRecord> _latest = new(StringComparer.Ordinal);
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private readonly long _groupWaitMs;
    private readonly long _fleetGroupWaitMs;
    private readonly long _siteWindowMs;
    private readonly long _fleetWindowMs;
    private readonly long _holdMs;
    private readonly long _bootGraceMs;
    private readonly long _resultTimeoutMs;
    private readonly long _recoveryTimeoutMs;
    private long _earliestDueMs = long.MaxValue;
    private bool _deadlinesMoved;
    private long _sequence;
    private long _nowMs = long.MinValue;

    /// <param name="policy">Validated here; an invalid policy throws <see cref="ArgumentException"/> naming the key.</param>
    /// <param name="inventory">Site, model and firmware of each charger; chargers missing from it are never grouped.</param>
    /// <param name="chargers">The registry the events' charger ids refer to.</param>
    public SiteCorrelator(EscalationPolicyOptions policy, FleetInventory inventory, ChargerRegistry chargers, IDecisionSink sink)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(inventory);
        ArgumentNullException.ThrowIfNull(chargers);
        ArgumentNullException.ThrowIfNull(sink);
        policy.Validate();
        _policy = policy;
        _inventory = inventory;
        _chargers = chargers;
        _sink = sink;
        _guardrails = new RestartGuardrails(policy.Restarts);
        _fleetTypes = policy.Correlation.FleetComparedTypes();
        _groupWaitMs = Ms(policy.Correlation.GroupWait);
        _fleetGroupWaitMs = Ms(policy.Correlation.FleetGroupWait);
        _siteWindowMs = Ms(policy.Correlation.SiteWindow);
        _fleetWindowMs = Ms(policy.Correlation.FleetWindow);
        _holdMs = Ms(policy.Resolution.HoldPeriod);
        _bootGraceMs = Ms(policy.Resolution.BootGrace);
        _resultTimeoutMs = Ms(policy.Restarts.ResultTimeout);
        _recoveryTimeoutMs = Ms(policy.Restarts.RecoveryTimeout);
    }

    /// <summary>Event time reached so far, Unix ms.</summary>
    public long NowMs => _nowMs;

    /// <summary>Advances time to <paramref name="nowMs"/> (event time in replay, wall clock live), firing every deadline due.</summary>
    public void Tick(long nowMs) => Advance(nowMs);

    /// <summary>Published incidents not yet resolved, latest snapshot of each, ordered by incident id.</summary>
    public IReadOnlyList<IncidentRecord> OpenIncidents()
    {
        var open = new List<IncidentRecord>();
        foreach (var incident in _live)
        {
            if (incident.Phase is IncidentPhase.Open or IncidentPhase.Resolving && _latest.TryGetValue(incident.Id, out var record))
            {
                open.Add(record);
            }
        }

        open.Sort(static (x, y) => string.CompareOrdinal(x.Incident, y.Incident));
        return open;
    }

    /// <summary>Count of <see cref="OpenIncidents"/> per owner, every owner present, in tier order.</summary>
    public IReadOnlyList<KeyValuePair<Owner, int>> OpenByOwner()
    {
        var counts = new int[4];
        foreach (var record in OpenIncidents())
        {
            counts[(int)record.Owner]++;
        }

        return
        [
            new(Owner.Frontline, counts[0]),
            new(Owner.Techops, counts[1]),
            new(Owner.Field, counts[2]),
            new(Owner.Vendor, counts[3]),
        ];
    }

    private static long Ms(TimeSpan span) => (long)span.TotalMilliseconds;

    private ChargerFacts Facts(string chargePoint)
    {
        if (!_facts.TryGetValue(chargePoint, out var facts))
        {
            facts = new ChargerFacts(chargePoint);
            _facts.Add(chargePoint, facts);
        }

        return facts;
    }
}
