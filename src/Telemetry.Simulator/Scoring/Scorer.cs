using Telemetry.Simulator.Faults;
using Telemetry.Simulator.Truth;

namespace Telemetry.Simulator.Scoring;

/// <summary>
/// Judges detector output against truth.json. A fault is recalled when, for each of its expected
/// signal types, a raised signal of that type overlaps [start − lead, end + tolerance] on its
/// charger; a site or fleet fault needs one on each member charger, unless a site- or
/// fleet-scoped signal speaks for them all. A raised signal is a true positive for every class
/// whose fault it so matches. Otherwise it is explained, neither true nor false, when a fault
/// lists its type among <c>allowed_signals</c> and it so matches that fault, when it is a charger
/// offline or a port down raised during a planned reset (from the Reset until the reboot, give or
/// take the lead), or a port down raised within an exclusion window of that port. Any other signal
/// is a false positive for every class expecting its type, and one on a charger with no fault
/// counts among the false signals on healthy chargers.
/// </summary>
public static class Scorer
{
    public static ScoreReport Score(SimulationTruth truth, IReadOnlyList<ScoredSignal> signals, IReadOnlyList<ScoredOutage> outages, ScoringOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(signals);
        ArgumentNullException.ThrowIfNull(outages);
        options ??= new ScoringOptions();
        var lead = (long)options.Lead.TotalMilliseconds;
        var tolerance = (long)options.Tolerance.TotalMilliseconds;

        var faulty = new HashSet<string>(truth.Faults.SelectMany(f => f.MemberChargers), StringComparer.Ordinal);
        var classes = truth.Faults.Select(f => f.Class).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var typesOfClass = classes.ToDictionary(
            c => c,
            c => truth.Faults.Where(f => f.Class == c).SelectMany(f => f.ExpectedSignals).ToHashSet(StringComparer.Ordinal),
            StringComparer.Ordinal);

        var recalled = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var fault in truth.Faults)
        {
            if (fault.ExpectedSignals.All(type => IsRaisedFor(fault, type, signals, lead, tolerance)))
            {
                recalled[fault.Class] = recalled.GetValueOrDefault(fault.Class) + 1;
            }
        }

        var truePositives = new Dictionary<string, int>(StringComparer.Ordinal);
        var falsePositives = new Dictionary<string, int>(StringComparer.Ordinal);
        var unmatched = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var healthyByType = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var healthyFalse = 0;
        var explained = 0;
        foreach (var signal in signals)
        {
            var matched = truth.Faults.Where(f => Matches(signal, f, lead, tolerance)).Select(f => f.Class).Distinct(StringComparer.Ordinal).ToList();
            if (matched.Count > 0)
            {
                foreach (var cls in matched)
                {
                    truePositives[cls] = truePositives.GetValueOrDefault(cls) + 1;
                }

                continue;
            }

            if (truth.Faults.Any(f => IsAllowed(signal, f, lead, tolerance)) || IsExplained(signal, truth, lead))
            {
                explained++;
                continue;
            }

            unmatched[signal.Type] = unmatched.GetValueOrDefault(signal.Type) + 1;
            foreach (var cls in classes.Where(c => typesOfClass[c].Contains(signal.Type)))
            {
                falsePositives[cls] = falsePositives.GetValueOrDefault(cls) + 1;
            }

            if (!faulty.Contains(signal.ChargePoint))
            {
                healthyFalse++;
                healthyByType[signal.Type] = healthyByType.GetValueOrDefault(signal.Type) + 1;
            }
        }

        var scores = classes.Select(c => new ClassScore(
            c,
            truth.Faults.Count(f => f.Class == c),
            recalled.GetValueOrDefault(c),
            truePositives.GetValueOrDefault(c),
            falsePositives.GetValueOrDefault(c))).ToList();

        return new ScoreReport(
            scores,
            Math.Max(0, truth.Chargers - faulty.Count),
            healthyFalse,
            healthyByType,
            unmatched,
            OutageErrors(truth, outages))
        {
            Explained = explained,
        };
    }

    private static bool IsRaisedFor(InjectedFault fault, string type, IReadOnlyList<ScoredSignal> signals, long lead, long tolerance)
    {
        var candidates = signals.Where(s => s.Type == type && Overlaps(s, fault, lead, tolerance)).ToList();
        if (fault.Scope is FaultScope.Site or FaultScope.Fleet && candidates.Any(s => s.IsWide && CoversWide(s, fault)))
        {
            return true;
        }

        return fault.MemberChargers.All(cp => candidates.Any(s => s.ChargePoint == cp));
    }

    private static bool Matches(ScoredSignal signal, InjectedFault fault, long lead, long tolerance) =>
        fault.ExpectedSignals.Contains(signal.Type)
        && Overlaps(signal, fault, lead, tolerance)
        && (fault.MemberChargers.Contains(signal.ChargePoint) || (signal.IsWide && fault.Scope is FaultScope.Site or FaultScope.Fleet && CoversWide(signal, fault)));

    private static bool IsAllowed(ScoredSignal signal, InjectedFault fault, long lead, long tolerance) =>
        fault.AllowedSignals.Contains(signal.Type)
        && Overlaps(signal, fault, lead, tolerance)
        && (fault.MemberChargers.Contains(signal.ChargePoint) || (signal.IsWide && fault.Scope is FaultScope.Site or FaultScope.Fleet && CoversWide(signal, fault)));

    /// <summary>A charger offline or a port down that a planned reset or an exclusion window accounts for.</summary>
    private static bool IsExplained(ScoredSignal signal, SimulationTruth truth, long lead)
    {
        if (signal.Type is not (SignalNames.CommsOffline or SignalNames.AvailabilityOutage))
        {
            return false;
        }

        var resets = truth.PlannedResets.Any(r => r.ChargePoint == signal.ChargePoint
            && signal.RaisedMs >= r.Time.ToUnixTimeMilliseconds() - lead
            && signal.RaisedMs <= r.End.ToUnixTimeMilliseconds() + lead);
        return resets || (signal.Type == SignalNames.AvailabilityOutage && truth.Exclusions.Any(x => x.ChargePoint == signal.ChargePoint
            && (signal.Port is null || signal.Port == x.Port)
            && signal.RaisedMs >= x.Start.ToUnixTimeMilliseconds() - lead
            && signal.RaisedMs <= x.End.ToUnixTimeMilliseconds() + lead));
    }

    // A fleet signal speaks for every charger; a site signal for the chargers of its site.
    private static bool CoversWide(ScoredSignal signal, InjectedFault fault) =>
        signal.Scope == "fleet" || signal.Site == fault.Site || fault.MemberChargers.Contains(signal.ChargePoint);

    private static bool Overlaps(ScoredSignal signal, InjectedFault fault, long lead, long tolerance) =>
        signal.RaisedMs <= fault.End.ToUnixTimeMilliseconds() + tolerance
        && (signal.ClearedMs ?? long.MaxValue) >= fault.Start.ToUnixTimeMilliseconds() - lead;

    /// <summary>Per port a fault expects down: the minutes of the outages on that port that overlap the fault.</summary>
    private static List<PortOutageError> OutageErrors(SimulationTruth truth, IReadOnlyList<ScoredOutage> outages)
    {
        var byPort = outages.GroupBy(o => InjectedFault.PortKey(o.ChargePoint, o.Port), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var errors = new List<PortOutageError>();
        foreach (var fault in truth.Faults)
        {
            var start = fault.Start.ToUnixTimeMilliseconds();
            var end = fault.End.ToUnixTimeMilliseconds();
            foreach (var (port, expected) in fault.PortsOutageMinutes.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                var detected = byPort.TryGetValue(port, out var list)
                    ? list.Where(o => o.StartMs < end && (o.EndMs ?? long.MaxValue) > start).Sum(o => o.DurationMinutes)
                    : 0;
                errors.Add(new PortOutageError(fault.Id, port, expected, detected));
            }
        }

        return errors;
    }
}
