using System.Security.Cryptography;
using System.Text;
using Telemetry.Decide.Classification;
using Telemetry.Engine.Signals;

namespace Telemetry.Decide.Correlation;

public sealed partial class SiteCorrelator
{
    /// <summary>Takes one detector signal; signals must come in event-time order (ties in any fixed order).</summary>
    public void OnSignal(Signal signal)
    {
        ArgumentNullException.ThrowIfNull(signal);
        Advance(signal.TimestampMs);
        _deadlinesMoved = true;
        var t = Math.Max(signal.TimestampMs, _nowMs);
        var key = new SignalKey(signal.Type, signal.ChargePoint ?? "", signal.Port is { } p ? p : -1);
        if (signal.State == SignalState.Cleared)
        {
            OnCleared(key, t);
            return;
        }

        var facts = Facts(key.ChargePoint);
        var evidence = signal.Evidence;
        if (IsPlannedUnavailability(signal, evidence, facts))
        {
            return;
        }

        var signalClass = SignalClassifier.Classify(signal);
        if (signalClass.Silence)
        {
            if (t <= facts.ResetQuietUntilMs)
            {
                // The charger is rebooting on a reset: its silence is the reset's effect.
                return;
            }

            if (signal.Type == SignalTypes.CommsOffline)
            {
                facts.SilentSinceMs = evidence.LastSeenMs ?? t;
                facts.ReturnedMs = -1;
            }
        }

        foreach (var live in _live)
        {
            if (live.IsLive && live.Active.ContainsKey(key))
            {
                return;
            }
        }

        var incident = FindIncident(signal, signalClass, facts);
        if (incident is null || incident.Phase == IncidentPhase.Resolving || !HasActiveFrom(incident, key.ChargePoint))
        {
            // One raise per episode: the other ports of a silent charger are the same occurrence.
            facts.AddRaise(signalClass.FaultKey, t);
        }

        if (incident is null)
        {
            incident = Create(signal, signalClass, facts, t, Onset(signal, evidence, t));
            incident.Link = IsLink(signal.Type, signalClass);
            incident.CauseFixed = IsLinkPattern(signal.Type);
            incident.Active[key] = t;
            AddPort(incident, signal.Port);
            if (signalClass.Silence)
            {
                TryFormSite(incident, t);
            }
            else if (_fleetTypes.Contains(signal.Type))
            {
                TryFormFleet(incident, t);
            }

            return;
        }

        Attach(incident, signal, signalClass, facts, key, t);
    }

    private static bool HasActiveFrom(Incident incident, string chargePoint)
    {
        foreach (var key in incident.Active.Keys)
        {
            if (key.ChargePoint == chargePoint)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Silence, flapping, unanswered calls and frequent reboots all concern one charger's link and boots.</summary>
    private static bool IsLink(string type, SignalClass signalClass) => signalClass.Silence || IsLinkPattern(type);

    /// <summary>The link signals that name a cause from a pattern, rather than from one return after silence.</summary>
    private static bool IsLinkPattern(string type) => type is SignalTypes.CommsUnstable or SignalTypes.ResetFrequent;

    private static long Onset(Signal signal, SignalEvidence evidence, long t) =>
        signal.Type == SignalTypes.CommsOffline && evidence.LastSeenMs is { } lastSeen && lastSeen <= t ? lastSeen : t;

    private static bool IsPlannedUnavailability(Signal signal, SignalEvidence evidence, ChargerFacts facts)
    {
        if (signal.Type != SignalTypes.AvailabilityOutage || facts.OutOfService.Count == 0)
        {
            return false;
        }

        var unavailable = evidence.Status == "Unavailable" || evidence.Cause is "unavailable" or "station_unavailable";
        return unavailable && (facts.OutOfService.Contains(0) || (signal.Port is { } port && facts.OutOfService.Contains(port)));
    }

    private Incident? FindIncident(Signal signal, SignalClass signalClass, ChargerFacts facts)
    {
        if (signalClass.Systemic)
        {
            foreach (var live in _live)
            {
                if (live.IsLive && live.Scope == SignalScope.Fleet && live.FaultKey == signalClass.FaultKey)
                {
                    return live;
                }
            }

            return null;
        }

        var port = signal.Port ?? 0;
        var link = IsLink(signal.Type, signalClass);
        foreach (var live in facts.Incidents)
        {
            var linked = link && live.Link && live.Scope == SignalScope.Charger;
            if (!linked && !signalClass.Silence && signalClass.Cause != IncidentCause.Unknown && signalClass.Cause != live.Cause
                && (live.Phase == IncidentPhase.Resolving || live.Cause != IncidentCause.Unknown))
            {
                // Another code on the same port is another fault: a new incident, not a return of this one
                // (an incident whose cause is still unknown takes the first known one).
                continue;
            }

            var joins = live.Scope switch
            {
                SignalScope.Site => signalClass.Silence && live.Silence,
                SignalScope.Fleet => live.FaultKey == signalClass.FaultKey,
                SignalScope.Charger => linked || (live.Silence == signalClass.Silence
                    && (live.Silence || live.Cause == signalClass.Cause || live.FaultKey == signalClass.FaultKey)),
                _ => !live.Silence && !link
                    && ((port != 0 && live.Ports.Contains(port)) || live.Cause == signalClass.Cause),
            };
            if (joins)
            {
                return live;
            }
        }

        var info = _inventory.Find(facts.ChargePoint);
        if (info is null)
        {
            return null;
        }

        foreach (var live in _live)
        {
            if (!live.IsLive)
            {
                continue;
            }

            if (signalClass.Silence && live.Scope == SignalScope.Site && live.Site == info.Site)
            {
                return live;
            }

            if (live.Scope == SignalScope.Fleet && live.FaultKey == signalClass.FaultKey && _fleetTypes.Contains(signal.Type)
                && ((live.Model is not null && live.Model == info.Model) || (live.Firmware is not null && live.Firmware == info.Firmware)))
            {
                return live;
            }
        }

        return null;
    }

    private Incident Create(Signal signal, SignalClass signalClass, ChargerFacts facts, long t, long onset)
    {
        var scope = signalClass.Systemic ? SignalScope.Fleet
            : signalClass.WholeCharger || signal.Port is null or 0 ? SignalScope.Charger
            : SignalScope.Connector;
        var info = _inventory.Find(facts.ChargePoint);
        var subject = scope == SignalScope.Connector ? facts.ChargePoint + "/" + signal.Port : facts.ChargePoint;
        var incident = new Incident(NewId(scope, subject, signalClass.FaultKey, onset), ++_sequence, scope, signalClass, onset)
        {
            ChargePoint = scope == SignalScope.Fleet ? null : facts.ChargePoint,
            Site = scope == SignalScope.Fleet ? null : info?.Site,
            FleetCompared = _fleetTypes.Contains(signal.Type),
            OpenAtMs = t + (_fleetTypes.Contains(signal.Type) ? _fleetGroupWaitMs : _groupWaitMs),
        };
        if (facts.ChargePoint.Length > 0)
        {
            // A systemic signal names the charger that reported it: listed among the fleet incident's chargers.
            incident.Chargers.Add(facts.ChargePoint);
            facts.Incidents.Add(incident);
        }

        _live.Add(incident);
        return incident;
    }

    private void Attach(Incident incident, Signal signal, SignalClass signalClass, ChargerFacts facts, SignalKey key, long t)
    {
        incident.Active[key] = t;
        var changed = new List<string>();
        if (facts.ChargePoint.Length > 0 && incident.Chargers.Add(facts.ChargePoint))
        {
            facts.Incidents.Add(incident);
            changed.Add("charger " + facts.ChargePoint + " joined");
        }

        if (incident.Scope != SignalScope.Fleet && incident.Scope != SignalScope.Site && incident.Chargers.Count == 1)
        {
            if (AddPort(incident, signal.Port) && incident.Scope == SignalScope.Connector)
            {
                incident.Scope = SignalScope.Charger;
                changed.Add("several connectors affected: whole charger");
            }
            else if (incident.Scope == SignalScope.Connector && signalClass.WholeCharger)
            {
                incident.Scope = SignalScope.Charger;
                changed.Add("whole charger affected");
            }
        }

        if (incident.Cause == IncidentCause.Unknown && signalClass.Cause != IncidentCause.Unknown)
        {
            incident.Cause = signalClass.Cause;
            incident.Recovery = signalClass.Recovery;
            incident.Evidence = signalClass.Evidence;
            changed.Add("cause " + Policy.PolicyNames.Of(signalClass.Cause));
        }

        var adopted = false;
        if (incident.Link && !incident.CauseFixed && IsLinkPattern(signal.Type))
        {
            // The pattern outweighs one return after silence (a reset loop's first reboot looks like a power cut).
            incident.CauseFixed = true;
            incident.Cause = signalClass.Cause;
            incident.Recovery = signalClass.Recovery;
            incident.Evidence = signalClass.Evidence;
            changed.Add("cause " + Policy.PolicyNames.Of(signalClass.Cause) + ": " + signalClass.Evidence);
            adopted = AdoptCause(incident, t);
        }

        if (signalClass.MinimumOwner is { } minimum && (incident.MinimumOwner is null || minimum > incident.MinimumOwner))
        {
            incident.MinimumOwner = minimum;
            incident.Evidence = signalClass.Evidence;
        }

        switch (incident.Phase)
        {
            case IncidentPhase.Resolving:
                incident.Phase = IncidentPhase.Open;
                incident.ResolveAtMs = null;
                RestartDeadline(incident, t);
                Publish(incident, Incidents.IncidentState.Updated, t,
                    $"reopened: {signal.Type} returned within the hold period" + (changed.Count > 0 ? "; " + string.Join("; ", changed) : ""));
                ApplyMinimumOwner(incident, t);
                OnFaultReturned(incident, t);
                break;
            case IncidentPhase.Open:
                if (changed.Count > 0)
                {
                    Publish(incident, Incidents.IncidentState.Updated, t, string.Join("; ", changed));
                }

                ApplyMinimumOwner(incident, t);
                if (adopted)
                {
                    TryNextStep(incident, t);
                }

                break;
        }
    }

    /// <summary>
    /// A published incident took a new cause: the cause's owners apply (never lower than the one
    /// holding it) and, if no command was sent yet, its remote ladder replaces the silent one.
    /// </summary>
    /// <returns>True when a ladder was set up to climb.</returns>
    private bool AdoptCause(Incident incident, long t)
    {
        if (incident.Phase is not (IncidentPhase.Open or IncidentPhase.Resolving))
        {
            return false;
        }

        var causePolicy = _policy.For(incident.Cause);
        var initial = Policy.PolicyNames.ParseOwner(causePolicy.InitialOwner);
        var final = Policy.PolicyNames.ParseOwner(causePolicy.FinalOwner);
        incident.Owner = initial > incident.Owner ? initial : incident.Owner;
        incident.FinalOwner = final > incident.Owner ? final : incident.Owner;
        RestartDeadline(incident, t);
        if (incident.StepNumber > 0 || incident.CommandPhase != CommandPhase.None)
        {
            return false;
        }

        incident.Ladder = Recovery.RecoveryLadder.For(incident.Scope, incident.Cause, incident.Recovery, false, causePolicy.RemoteRecovery, _policy.Restarts.ProbeFirst);
        incident.NextRung = 0;
        return incident.Ladder.Count > 0;
    }

    private void OnCleared(SignalKey key, long t)
    {
        foreach (var incident in _live)
        {
            if (!incident.IsLive || !incident.Active.Remove(key))
            {
                continue;
            }

            if (key.Type == SignalTypes.CommsOffline && _facts.TryGetValue(key.ChargePoint, out var facts))
            {
                facts.ReturnedMs = t;
                incident.ReturnCheckAtMs = t + _bootGraceMs;
            }

            if (incident.Active.Count == 0)
            {
                OnAllCleared(incident, t);
            }

            return;
        }
    }

    private void OnAllCleared(Incident incident, long t)
    {
        if (incident.CommandPhase == CommandPhase.AwaitRecovery)
        {
            var command = incident.Command!;
            incident.Command = command with { TimestampMs = t, Recovered = true };
            incident.CommandPhase = CommandPhase.AwaitHold;
            incident.CommandDueMs = t + _holdMs;
            _sink.OnCommand(incident.Command);
        }

        if (incident.Phase == IncidentPhase.Pending)
        {
            // Opens at its group wait and resolves after the hold period like any other.
            return;
        }

        incident.Phase = IncidentPhase.Resolving;
        incident.ResolveAtMs = t + _holdMs;
        incident.DeadlineMs = null;
        Publish(incident, Incidents.IncidentState.Updated, t, "all signals cleared; resolves after the hold period");
    }

    private static bool AddPort(Incident incident, ushort? port)
    {
        if (port is not { } p || p == 0 || incident.Ports.Contains(p))
        {
            return false;
        }

        var hadOther = incident.Ports.Count > 0;
        incident.Ports.Add(p);
        return hadOther;
    }

    private string NewId(SignalScope scope, string subject, string faultKey, long onset)
    {
        var text = string.Join('|', Policy.PolicyNames.Of(scope), subject, faultKey, onset.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var id = "inc-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)), 0, 8);
        for (var n = 2; !_ids.Add(id); n++)
        {
            id = "inc-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text + "|" + n.ToString(System.Globalization.CultureInfo.InvariantCulture))), 0, 8);
        }

        return id;
    }
}
