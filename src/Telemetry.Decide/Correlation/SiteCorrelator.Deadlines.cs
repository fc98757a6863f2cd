using Telemetry.Decide.Classification;
using Telemetry.Decide.Incidents;
using Telemetry.Decide.Policy;
using Telemetry.Decide.Recovery;
using Telemetry.Engine.Signals;

namespace Telemetry.Decide.Correlation;

public sealed partial class SiteCorrelator
{
    private enum Timer
    {
        None,
        Open,
        ReturnCheck,
        Command,
        NextStep,
        Deadline,
        Resolve,
    }

    /// <summary>Fires every deadline due by <paramref name="t"/>, earliest first, each at its own time.</summary>
    /// <remarks>
    /// Most events change no deadline, so the earliest one is cached and the incidents are scanned
    /// only when it is due or an input may have moved a deadline (<see cref="_deadlinesMoved"/>).
    /// </remarks>
    private void Advance(long t)
    {
        while (_deadlinesMoved || t >= _earliestDueMs)
        {
            Incident? next = null;
            var nextTimer = Timer.None;
            var nextDue = long.MaxValue;
            foreach (var incident in _live)
            {
                var (timer, due) = Due(incident);
                if (timer != Timer.None && (due < nextDue || (due == nextDue && incident.Sequence < next!.Sequence)))
                {
                    next = incident;
                    nextTimer = timer;
                    nextDue = due;
                }
            }

            _earliestDueMs = nextDue;
            _deadlinesMoved = false;
            if (next is null || nextDue > t)
            {
                break;
            }

            _nowMs = Math.Max(_nowMs, nextDue);
            Fire(next, nextTimer, nextDue);
            _live.RemoveAll(static i => !i.IsLive);
            _deadlinesMoved = true;
        }

        _nowMs = Math.Max(_nowMs, t);
    }

    private static (Timer Timer, long Due) Due(Incident incident)
    {
        var timer = Timer.None;
        var due = long.MaxValue;
        Consider(incident.Phase == IncidentPhase.Pending ? incident.OpenAtMs : null, Timer.Open, ref timer, ref due);
        if (incident.Phase != IncidentPhase.Pending)
        {
            Consider(incident.ReturnCheckAtMs, Timer.ReturnCheck, ref timer, ref due);
            Consider(incident.CommandDueMs, Timer.Command, ref timer, ref due);
            Consider(incident.NextStepAtMs, Timer.NextStep, ref timer, ref due);
            Consider(incident.Phase == IncidentPhase.Open ? incident.DeadlineMs : null, Timer.Deadline, ref timer, ref due);
            Consider(incident.Phase == IncidentPhase.Resolving ? incident.ResolveAtMs : null, Timer.Resolve, ref timer, ref due);
        }

        return (timer, due);
    }

    private static void Consider(long? at, Timer candidate, ref Timer timer, ref long due)
    {
        if (at is { } ms && ms < due)
        {
            timer = candidate;
            due = ms;
        }
    }

    private void Fire(Incident incident, Timer timer, long t)
    {
        switch (timer)
        {
            case Timer.Open:
                Open(incident, t);
                break;
            case Timer.ReturnCheck:
                incident.ReturnCheckAtMs = null;
                DecideSilenceCause(incident, t);
                break;
            case Timer.Command:
                incident.CommandDueMs = null;
                OnCommandDue(incident, t);
                break;
            case Timer.NextStep:
                incident.NextStepAtMs = null;
                TryNextStep(incident, t);
                break;
            case Timer.Deadline:
                Escalate(incident, t, $"unresolved after {Hours(_policy.For(incident.Cause).TimeLimit)} with {PolicyNames.Of(incident.Owner)}");
                break;
            case Timer.Resolve:
                Resolve(incident, t);
                break;
        }
    }

    private void Open(Incident incident, long t)
    {
        if (incident.Scope == SignalScope.Charger && incident.Silence && !incident.CauseFixed && incident.Active.Count == 0)
        {
            // Back before the group wait ended: a blip (one reboot, a dropped link), counted among the
            // charger's raises for recurrence but not worth an incident of its own.
            incident.Phase = IncidentPhase.Resolved;
            foreach (var charger in incident.Chargers)
            {
                Facts(charger).Incidents.Remove(incident);
            }

            return;
        }

        incident.Phase = IncidentPhase.Open;
        var causePolicy = _policy.For(incident.Cause);
        var reasons = new List<string>();
        if (incident.Scope == SignalScope.Fleet)
        {
            var systemic = PolicyNames.ParseOwner(causePolicy.SystemicOwner);
            incident.Owner = systemic;
            incident.FinalOwner = systemic;
            reasons.Add("systemic: " + PolicyNames.Of(systemic));
        }
        else
        {
            incident.Owner = PolicyNames.ParseOwner(causePolicy.InitialOwner);
            incident.FinalOwner = PolicyNames.ParseOwner(causePolicy.FinalOwner);
            var repeats = Repeats(incident, t, (long)_policy.Recurrence.Window.TotalMilliseconds);
            if (repeats >= _policy.Recurrence.Count && PolicyNames.TryParseOwner(_policy.Recurrence.Owner, out var recurring) && recurring > incident.Owner)
            {
                incident.Owner = recurring;
                reasons.Add($"raised {repeats} times within {Hours(_policy.Recurrence.Window)}");
            }

            if (SelfRecoveries(incident, t) >= _policy.ProactiveRepair.SelfRecoveries
                && PolicyNames.TryParseOwner(_policy.ProactiveRepair.Owner, out var proactive))
            {
                incident.FieldCandidate = true;
                if (proactive > incident.Owner)
                {
                    incident.Owner = proactive;
                    reasons.Add("keeps recovering by itself: proactive repair");
                }
            }

            if (incident.Scope == SignalScope.Site && incident.Owner < Owner.Techops)
            {
                // Several chargers at once is beyond a frontline restart.
                incident.Owner = Owner.Techops;
            }

            if (incident.MinimumOwner is { } minimum && minimum > incident.Owner)
            {
                incident.Owner = minimum;
            }

            incident.FinalOwner = incident.Owner > incident.FinalOwner ? incident.Owner : incident.FinalOwner;
        }

        RestartDeadline(incident, t);
        Publish(incident, IncidentState.Opened, t, reasons.Count == 0 ? "opened" : "opened; " + string.Join("; ", reasons));
        incident.Ladder = RecoveryLadder.For(incident.Scope, incident.Cause, incident.Recovery, incident.Silence && !incident.CauseFixed, causePolicy.RemoteRecovery, _policy.Restarts.ProbeFirst);
        if (incident.Active.Count == 0)
        {
            OnAllCleared(incident, t);
            return;
        }

        TryNextStep(incident, t);
    }

    private void RestartDeadline(Incident incident, long t) =>
        incident.DeadlineMs = incident.Owner < incident.FinalOwner ? t + (long)_policy.For(incident.Cause).TimeLimit.TotalMilliseconds : null;

    private void ApplyMinimumOwner(Incident incident, long t)
    {
        if (incident.Phase == IncidentPhase.Open && incident.MinimumOwner is { } minimum && minimum > incident.Owner)
        {
            EscalateTo(incident, minimum, t, incident.Evidence);
        }
    }

    private void Escalate(Incident incident, long t, string reason)
    {
        var next = incident.Owner < incident.FinalOwner ? incident.Owner + 1 : incident.Owner;
        if (next == incident.Owner)
        {
            incident.DeadlineMs = null;
            return;
        }

        EscalateTo(incident, next, t, reason);
    }

    private void EscalateTo(Incident incident, Owner owner, long t, string reason)
    {
        incident.Owner = owner;
        if (owner > incident.FinalOwner)
        {
            incident.FinalOwner = owner;
        }

        RestartDeadline(incident, t);
        Publish(incident, IncidentState.Escalated, t, reason);
    }

    private void Resolve(Incident incident, long t)
    {
        incident.Phase = IncidentPhase.Resolved;
        incident.ResolveAtMs = null;
        incident.NextStepAtMs = null;
        if (incident.UnjudgedResets > 0)
        {
            incident.RestartsHeld += incident.UnjudgedResets;
            incident.UnjudgedResets = 0;
        }

        if (incident.CommandPhase == CommandPhase.AwaitHold)
        {
            CommandHeld(incident, t);
        }

        if (incident.RestartsHeld > 0 && incident.Recovery == Recoverability.Field && incident.Scope is SignalScope.Connector or SignalScope.Charger)
        {
            // A remote restart cleared the fault for good: it proved remotely recoverable.
            incident.Recovery = Recoverability.Remote;
            incident.Evidence += $"; cleared by a remote restart that held for {Hours(_policy.Resolution.HoldPeriod)}";
        }

        Publish(incident, IncidentState.Resolved, t, "recovery held for the hold period");
        foreach (var charger in incident.Chargers)
        {
            var facts = Facts(charger);
            facts.Incidents.Remove(incident);
            if (!incident.Commanded && incident.RestartsTried == 0 && incident.Scope != SignalScope.Fleet)
            {
                facts.SelfRecoveries.Add(t);
            }
        }
    }

    /// <summary>A silent charger (or site) came back: a boot since the silence means the power went, no boot means the link did.</summary>
    private void DecideSilenceCause(Incident incident, long t)
    {
        if (incident.CauseFixed)
        {
            // A pattern (flapping, a reset loop) decided the cause; one more return does not overturn it.
            return;
        }

        int returned = 0, booted = 0, offlineSessions = 0;
        foreach (var charger in incident.Chargers)
        {
            var facts = Facts(charger);
            if (facts.ReturnedMs < 0)
            {
                continue;
            }

            returned++;
            if (facts.LastBootMs >= facts.SilentSinceMs && facts.SilentSinceMs >= 0)
            {
                booted++;
            }

            if (facts.OfflineSessionMs >= facts.SilentSinceMs && facts.SilentSinceMs >= 0)
            {
                offlineSessions++;
            }
        }

        if (returned == 0)
        {
            return;
        }

        var power = booted * 2 > returned;
        var cause = power ? IncidentCause.Power : IncidentCause.Comms;
        var evidence = power
            ? $"{booted} of {returned} returning chargers booted after the silence{BootReasonText(incident)}: supply lost"
            : $"{returned - booted} of {returned} returning chargers came back without rebooting"
              + (offlineSessions > 0 ? $", {offlineSessions} with sessions that continued offline" : "") + ": the link was lost, not the power";
        // A lost supply needs someone on site; a lost link (one charger's or a site's uplink) is validated remotely first.
        var recovery = power ? Recoverability.Field : Recoverability.Remote;
        if (cause == incident.Cause && evidence == incident.Evidence)
        {
            return;
        }

        incident.Cause = cause;
        incident.Recovery = recovery;
        incident.Evidence = evidence;
        if (incident.Phase is IncidentPhase.Open or IncidentPhase.Resolving)
        {
            // The new cause brings its own owners: never lower than the one already holding it.
            var causePolicy = _policy.For(cause);
            var initial = PolicyNames.ParseOwner(causePolicy.InitialOwner);
            var final = PolicyNames.ParseOwner(causePolicy.FinalOwner);
            incident.Owner = initial > incident.Owner ? initial : incident.Owner;
            incident.FinalOwner = final > incident.Owner ? final : incident.Owner;
            if (incident.Phase == IncidentPhase.Open)
            {
                RestartDeadline(incident, t);
            }

            Publish(incident, IncidentState.Updated, t, "cause decided on return: " + PolicyNames.Of(cause) + ", owner " + PolicyNames.Of(incident.Owner));
        }
    }

    private string BootReasonText(Incident incident)
    {
        foreach (var charger in incident.Chargers)
        {
            if (Facts(charger).LastBootReason == Ocpp.Events.BootReason.PowerUp)
            {
                return " (reason PowerUp)";
            }
        }

        return "";
    }

    private int Repeats(Incident incident, long t, long windowMs)
    {
        var most = 0;
        foreach (var charger in incident.Chargers)
        {
            most = Math.Max(most, Facts(charger).RaisesWithin(incident.FaultKey, t, windowMs));
        }

        return most;
    }

    private int SelfRecoveries(Incident incident, long t)
    {
        var most = 0;
        var from = t - (long)_policy.ProactiveRepair.Window.TotalMilliseconds;
        foreach (var charger in incident.Chargers)
        {
            most = Math.Max(most, ChargerFacts.CountSince(Facts(charger).SelfRecoveries, from));
        }

        return most;
    }

    private static string Hours(TimeSpan span) =>
        span.TotalHours >= 1
            ? span.TotalHours.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) + " h"
            : span.TotalMinutes.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) + " min";
}
