using System.Globalization;
using Telemetry.Decide.Classification;
using Telemetry.Decide.Incidents;
using Telemetry.Engine.Signals;

namespace Telemetry.Decide.Correlation;

public sealed partial class SiteCorrelator
{
    private void Publish(Incident incident, IncidentState state, long t, string reason)
    {
        incident.Records++;
        var record = new IncidentRecord(
            incident.Id + "-" + incident.Records.ToString(CultureInfo.InvariantCulture),
            state,
            t,
            incident.Subject,
            incident.Id,
            incident.Scope,
            incident.Cause,
            incident.Recovery,
            incident.Owner,
            incident.ChargePoint,
            incident.Site,
            [.. incident.Ports],
            [.. incident.Chargers],
            incident.Model,
            incident.Firmware,
            state == IncidentState.Resolved ? null : incident.DeadlineMs,
            incident.Evidence,
            reason,
            Answers(incident, t));
        _latest[incident.Id] = record;
        _sink.OnIncident(record);
    }

    private IncidentAnswers Answers(Incident incident, long t)
    {
        var extent = incident.Scope switch
        {
            SignalScope.Connector => "connector",
            SignalScope.Charger => "cabinet",
            SignalScope.Site => "site",
            _ => "fleet",
        };
        return new IncidentAnswers(
            Math.Max(1, Repeats(incident, t, WeekMs)),
            extent,
            OtherChargersAffected(incident),
            incident.RestartsTried,
            incident.RestartsHeld,
            LayerOf(incident),
            incident.FieldCandidate);
    }

    private static ProblemLayer LayerOf(Incident incident) =>
        incident.Scope == SignalScope.Fleet || incident.Cause is IncidentCause.Billing || (incident.Cause == IncidentCause.Auth && incident.Recovery == Recoverability.Remote)
            ? ProblemLayer.Platform
            : incident.Scope == SignalScope.Site || incident.Cause == IncidentCause.Power
                ? ProblemLayer.Site
                : ProblemLayer.Hardware;

    /// <summary>
    /// Chargers outside the incident, at its site (or, for a fleet incident, at the sites of its
    /// chargers), in another open incident of the same kind: fleet-compared incidents count only
    /// fleet-compared ones, the others only the others. So the answer is the same whether one
    /// correlator sees everything (replay) or the fleet-compared faults are correlated in a
    /// partition of their own (Kafka), where the site's other incidents are not seen.
    /// </summary>
    private int OtherChargersAffected(Incident incident)
    {
        var sites = new HashSet<string>(StringComparer.Ordinal);
        if (incident.Site is { } site)
        {
            sites.Add(site);
        }
        else if (incident.Scope == SignalScope.Fleet)
        {
            foreach (var charger in incident.Chargers)
            {
                if (_inventory.SiteOf(charger) is { } chargerSite)
                {
                    sites.Add(chargerSite);
                }
            }
        }

        if (sites.Count == 0)
        {
            return 0;
        }

        var others = new HashSet<string>(StringComparer.Ordinal);
        foreach (var live in _live)
        {
            if (live == incident || live.FleetCompared != incident.FleetCompared || live.Phase is not (IncidentPhase.Open or IncidentPhase.Resolving))
            {
                continue;
            }

            foreach (var charger in live.Chargers)
            {
                if (!incident.Chargers.Contains(charger) && _inventory.SiteOf(charger) is { } chargerSite && sites.Contains(chargerSite))
                {
                    others.Add(charger);
                }
            }
        }

        return others.Count;
    }
}
