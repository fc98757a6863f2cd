using Telemetry.Simulator.Faults;
using Telemetry.Simulator.Truth;

namespace Telemetry.Simulator.Scoring;

/// <summary>
/// Judges incidents.jsonl against truth.json's <c>expected_incident</c>. An incident is matched
/// to one fault: among the faults whose place it shares (a site incident: the fault's site; a
/// fleet incident: one of its chargers, or any fleet fault when it names none; a charger or connector incident: its charger, and for a
/// connector incident on a connector fault the port) and whose window [start − lead, end +
/// tolerance] holds the incident's first record, the one that started last (the newest fault
/// explains a new incident; ties prefer the same scope, then file order). Incidents resolved as
/// merged into another are not counted. A fault's judged incident is its first match: scope and
/// recovery are those of its last record; the cause is correct when the last record's cause is
/// expected and the cause never returns to a value it left (stable once decided); the owner is
/// correct when the one it opened with, or the one when the cause was settled (the first record
/// of the last run of that cause), is expected or raised by the policy's history rules; when
/// truth names <c>escalates_to</c> that owner must also be reached by end + tolerance, and when
/// it says <c>resolves</c> the last record must be a resolution.
/// </summary>
public static class IncidentScorer
{
    /// <summary>Recurrence:Count of ops/escalation-policy.json.</summary>
    private const int RecurrenceCount = 3;

    private static readonly string[] s_owners = ["frontline", "techops", "field", "vendor"];

    public static IncidentReport Score(SimulationTruth truth, IReadOnlyList<ScoredIncident> incidents, ScoringOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(incidents);
        options ??= new ScoringOptions();
        var lead = (long)options.Lead.TotalMilliseconds;
        var tolerance = (long)options.Tolerance.TotalMilliseconds;
        var faulty = new HashSet<string>(truth.Faults.SelectMany(f => f.MemberChargers), StringComparer.Ordinal);

        var matches = truth.Faults.ToDictionary(f => f.Id, _ => new List<ScoredIncident>(), StringComparer.Ordinal);
        var unmatched = new List<string>();
        var falseOnHealthy = 0;
        var counted = 0;
        foreach (var incident in incidents)
        {
            if (incident.Merged)
            {
                continue;
            }

            counted++;
            var fault = Match(truth, incident, lead, tolerance);
            if (fault is not null)
            {
                matches[fault.Id].Add(incident);
            }

            if (fault?.ExpectedIncident is null)
            {
                unmatched.Add(incident.Id);
                if (!incident.Chargers.Any(faulty.Contains))
                {
                    falseOnHealthy++;
                }
            }
        }

        var judgements = truth.Faults.Select(f => Judge(f, matches[f.Id], tolerance)).ToList();
        var classes = judgements.GroupBy(j => j.Class, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new IncidentClassScore(
                g.Key,
                g.Count(),
                g.Count(j => j.Expected),
                g.Count(j => j.Expected && j.Incidents > 0),
                g.Count(j => j.Expected && j.Incidents == 1),
                g.Count(j => j.Expected && j.ScopeCorrect),
                g.Count(j => j.Expected && j.CauseCorrect),
                g.Count(j => j.Expected && j.RecoveryCorrect),
                g.Count(j => j.Expected && j.OwnerCorrect),
                g.Sum(j => j.Incidents)))
            .ToList();
        return new IncidentReport(classes, judgements, counted, unmatched.Count, falseOnHealthy, unmatched);
    }

    /// <summary>The tier of an owner name, frontline 0 … vendor 3; -1 when not an owner.</summary>
    public static int Tier(string? owner) => owner is null ? -1 : Array.IndexOf(s_owners, owner);

    private static InjectedFault? Match(SimulationTruth truth, ScoredIncident incident, long lead, long tolerance)
    {
        var scope = incident.Last.Scope;
        InjectedFault? best = null;
        foreach (var fault in truth.Faults)
        {
            var opened = incident.OpenedMs;
            if (opened < fault.Start.ToUnixTimeMilliseconds() - lead || opened > fault.End.ToUnixTimeMilliseconds() + tolerance || !SharesPlace(incident, scope, fault))
            {
                continue;
            }

            if (best is null || fault.Start > best.Start || (fault.Start == best.Start && ScopeName(fault.Scope) == scope && ScopeName(best.Scope) != scope))
            {
                best = fault;
            }
        }

        return best;
    }

    private static bool SharesPlace(ScoredIncident incident, string scope, InjectedFault fault)
    {
        switch (scope)
        {
            case "site":
                return incident.Site == fault.Site || incident.Chargers.Any(fault.MemberChargers.Contains);
            case "fleet":
                // A fleet-wide signal (a backend outage) may name no charger: any fleet fault then shares its place.
                return incident.Chargers.Count == 0 ? fault.Scope == FaultScope.Fleet : incident.Chargers.Any(fault.MemberChargers.Contains);
            default:
                if (incident.ChargePoint is not { } cp || !fault.MemberChargers.Contains(cp))
                {
                    return false;
                }

                return scope != "connector" || fault.Port is not { } port || incident.Connectors.Count == 0 || incident.Connectors.Contains(port);
        }
    }

    private static IncidentJudgement Judge(InjectedFault fault, List<ScoredIncident> matched, long tolerance)
    {
        var expected = fault.ExpectedIncident;
        if (expected is null || matched.Count == 0)
        {
            return new IncidentJudgement(fault.Id, fault.Class, expected is not null, matched.Count, matched.FirstOrDefault()?.Id, false, false, false, false);
        }

        var incident = matched[0];
        var last = incident.Last;
        var owner = OwnerAccepted(expected, incident.Records[0]) || OwnerAccepted(expected, incident.Records[SettledIndex(incident.Records)]);
        if (expected.EscalatesTo is { } next)
        {
            var by = fault.End.ToUnixTimeMilliseconds() + tolerance;
            var reached = incident.Records.Where(r => r.TimestampMs <= by).Max(r => Tier(r.Owner));
            owner &= reached >= Tier(next);
        }

        if (expected.Resolves)
        {
            owner &= last.State == "resolved";
        }

        return new IncidentJudgement(
            fault.Id,
            fault.Class,
            true,
            matched.Count,
            incident.Id,
            last.Scope == expected.Scope,
            expected.AcceptsCause(last.Cause) && IsStable(incident.Records),
            expected.AcceptsRecovery(last.Recovery),
            owner);
    }

    /// <summary>
    /// The expected owner, or one the shipped policy's history rules raise it to on open: techops
    /// for a fault repeated Recurrence:Count (3) times in 7 days, field for a charger that keeps
    /// recovering by itself (ProactiveRepair), both as the record's answers show.
    /// </summary>
    private static bool OwnerAccepted(ExpectedIncident expected, IncidentSnapshot record) =>
        expected.AcceptsOwner(record.Owner)
        || (record.FieldCandidate && record.Owner == "field")
        || (record.Repeats >= RecurrenceCount && record.Owner == "techops");

    /// <summary>The first record of the last run of equal causes: where the cause was settled.</summary>
    private static int SettledIndex(IReadOnlyList<IncidentSnapshot> records)
    {
        var i = records.Count - 1;
        while (i > 0 && records[i - 1].Cause == records[i].Cause)
        {
            i--;
        }

        return i;
    }

    /// <summary>True unless the cause comes back to a value it had left (a flip between causes).</summary>
    private static bool IsStable(IReadOnlyList<IncidentSnapshot> records)
    {
        var left = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 1; i < records.Count; i++)
        {
            if (records[i].Cause != records[i - 1].Cause)
            {
                left.Add(records[i - 1].Cause);
                if (left.Contains(records[i].Cause))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static string ScopeName(FaultScope scope) => scope switch
    {
        FaultScope.Connector => "connector",
        FaultScope.Charger => "charger",
        FaultScope.Site => "site",
        _ => "fleet",
    };
}
