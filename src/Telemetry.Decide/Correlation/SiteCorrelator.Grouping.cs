using Telemetry.Decide.Classification;
using Telemetry.Decide.Incidents;
using Telemetry.Engine.Signals;

namespace Telemetry.Decide.Correlation;

public sealed partial class SiteCorrelator
{
    /// <summary>Enough silent chargers of one site within the site window become one site incident.</summary>
    private void TryFormSite(Incident incident, long t)
    {
        if (incident.Site is not { } site)
        {
            return;
        }

        var peers = new List<Incident>();
        foreach (var live in _live)
        {
            if (live.IsLive && live.Scope == SignalScope.Charger && live.Silence && live.Site == site
                && Math.Abs(live.OnsetMs - incident.OnsetMs) <= _siteWindowMs)
            {
                peers.Add(live);
            }
        }

        if (peers.Count < _policy.Correlation.SiteMinChargers)
        {
            return;
        }

        var first = peers[0];
        var siteClass = new SignalClass(IncidentCause.Comms, Recoverability.Field,
            $"chargers of the site went silent within {Hours(_policy.Correlation.SiteWindow)} of each other; cause decided when they return", first.FaultKey, true, true, false, null);
        var onset = long.MaxValue;
        foreach (var peer in peers)
        {
            onset = Math.Min(onset, peer.OnsetMs);
        }

        var siteIncident = new Incident(NewId(SignalScope.Site, "site/" + site, first.FaultKey, onset), ++_sequence, SignalScope.Site, siteClass, onset)
        {
            Site = site,
            OpenAtMs = first.OpenAtMs,
        };
        _live.Add(siteIncident);
        Absorb(siteIncident, peers, t, "site");
    }

    /// <summary>The same fault on one model (or firmware) at enough sites within the fleet window becomes one fleet incident.</summary>
    private void TryFormFleet(Incident incident, long t)
    {
        if (incident.ChargePoint is not { } chargePoint || _inventory.Find(chargePoint) is not { } info)
        {
            return;
        }

        if (!TryFleetPeers(incident, info.Model, byModel: true, out var peers) && !TryFleetPeers(incident, info.Firmware, byModel: false, out peers))
        {
            return;
        }

        var first = peers[0];
        var onset = long.MaxValue;
        foreach (var peer in peers)
        {
            onset = Math.Min(onset, peer.OnsetMs);
        }

        var byModel = info.Model is not null && peers.TrueForAll(p => _inventory.Find(p.ChargePoint!)?.Model == info.Model);
        var what = byModel ? "model " + info.Model : "firmware " + info.Firmware;
        var fleetClass = new SignalClass(first.Cause, Recoverability.Vendor,
            $"{first.Evidence} on {what} at {DistinctSites(peers)} sites: systemic", first.FaultKey, true, false, true, null);
        var fleet = new Incident(NewId(SignalScope.Fleet, what, first.FaultKey, onset), ++_sequence, SignalScope.Fleet, fleetClass, onset)
        {
            Model = byModel ? info.Model : null,
            Firmware = byModel ? null : info.Firmware,
            FleetCompared = first.FleetCompared,
            OpenAtMs = first.OpenAtMs,
        };
        _live.Add(fleet);
        Absorb(fleet, peers, t, "fleet");
    }

    private bool TryFleetPeers(Incident incident, string? value, bool byModel, out List<Incident> peers)
    {
        peers = [];
        if (value is null)
        {
            return false;
        }

        foreach (var live in _live)
        {
            if (live.IsLive && live.Scope is SignalScope.Charger or SignalScope.Connector && live.FaultKey == incident.FaultKey
                && Math.Abs(live.OnsetMs - incident.OnsetMs) <= _fleetWindowMs
                && _inventory.Find(live.ChargePoint!) is { } other && (byModel ? other.Model : other.Firmware) == value)
            {
                peers.Add(live);
            }
        }

        return DistinctSites(peers) >= _policy.Correlation.FleetMinSites;
    }

    private int DistinctSites(List<Incident> incidents)
    {
        var sites = new HashSet<string>(StringComparer.Ordinal);
        foreach (var incident in incidents)
        {
            if (incident.ChargePoint is { } cp && _inventory.SiteOf(cp) is { } site)
            {
                sites.Add(site);
            }
        }

        return sites.Count;
    }

    /// <summary>
    /// Moves the peers' signals and chargers into the grouped incident. Pending peers vanish
    /// unpublished; published ones are resolved with a pointer to the group, so no consumer keeps
    /// a duplicate open.
    /// </summary>
    private void Absorb(Incident group, List<Incident> peers, long t, string kind)
    {
        var anyOpen = false;
        foreach (var peer in peers)
        {
            foreach (var (key, raised) in peer.Active)
            {
                group.Active[key] = raised;
            }

            foreach (var charger in peer.Chargers)
            {
                group.Chargers.Add(charger);
                var facts = Facts(charger);
                facts.Incidents.Remove(peer);
                facts.Incidents.Add(group);
            }

            group.OpenAtMs = Math.Min(group.OpenAtMs, peer.OpenAtMs);
            if (peer.Phase != IncidentPhase.Pending)
            {
                anyOpen = true;
                Publish(peer, IncidentState.Resolved, t, $"merged into {kind} incident {group.Id}");
            }

            peer.Phase = IncidentPhase.Merged;
        }

        _live.RemoveAll(static i => i.Phase == IncidentPhase.Merged);
        if (anyOpen)
        {
            group.OpenAtMs = t;
        }

        if (group.Active.Count == 0)
        {
            group.ResolveAtMs = null;
        }
    }
}
