using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Telemetry.Decide.Incidents;
using Telemetry.Decide.Policy;
using Telemetry.Decide.Recovery;
using Telemetry.Ocpp.Events;

namespace Telemetry.Decide.Correlation;

/*
 * Remote recovery of one incident, one command in flight at a time:
 *   next rung ──guardrails allow──▶ AwaitResult ──Accepted──▶ (reset) AwaitRecovery ──signals clear──▶ AwaitHold ──hold period──▶ held
 *        ▲            │ wait: retry later           │ Rejected / no answer          │ timeout                  │ fault returns
 *        │            │ stop: escalate              ▼                               ▼                          ▼
 *        └──────────────────────────────── next rung, or escalate when the ladder is climbed ◀─────────────────┘
 * A probe that is answered and finds the incident clear ends the ladder; a connector taken out of
 * service goes to the field.
 */
public sealed partial class SiteCorrelator
{
    private void TryNextStep(Incident incident, long t)
    {
        if (incident.Phase != IncidentPhase.Open || incident.CommandPhase != CommandPhase.None || incident.NextRung >= incident.Ladder.Count
            || incident.ChargePoint is not { } chargePoint)
        {
            return;
        }

        var step = incident.Ladder[incident.NextRung];
        var facts = Facts(chargePoint);
        var port = incident.Scope == Engine.Signals.SignalScope.Connector && incident.Ports.Count == 1 ? incident.Ports.Min : (int?)null;
        var session = port is { } p ? facts.Sessions.Contains(p) : facts.Sessions.Count > 0;
        if (step == RecoveryStep.SoftReset && session && _policy.Restarts.AllowImmediateDuringSession
            && incident.NextRung + 1 < incident.Ladder.Count && incident.Ladder[incident.NextRung + 1] == RecoveryStep.HardReset)
        {
            // The policy lets a reset interrupt the session: the soft one would wait for it, so go straight to the hard one.
            incident.NextRung++;
            step = RecoveryStep.HardReset;
        }
        var connected = facts.Connected && (facts.SilentSinceMs < 0 || facts.ReturnedMs >= facts.SilentSinceMs);
        var decision = _guardrails.Decide(step, t, connected, session, facts.RestartsToday(t), facts.LastRestartMs);
        if (!decision.Allowed)
        {
            if (decision.Exhausted)
            {
                incident.NextRung = incident.Ladder.Count;
                Escalate(incident, t, "remote recovery stopped: " + decision.Rule);
            }
            else
            {
                incident.NextStepAtMs = decision.RetryAtMs;
            }

            return;
        }

        incident.NextRung++;
        incident.StepNumber++;
        incident.Commanded = true;
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            incident.Id + ":" + incident.StepNumber.ToString(CultureInfo.InvariantCulture))), 0, 16);
        var command = new CommandRecord(key, incident.Id, incident.StepNumber, step, t, t, chargePoint, port,
            RecoveryLadder.ActionOf(step), RecoveryLadder.ArgumentOf(step, facts.Version, port is not null), decision.Rule,
            CommandOutcome.Requested, null, null);
        incident.Command = command;
        incident.CommandPhase = CommandPhase.AwaitResult;
        incident.CommandDueMs = t + _resultTimeoutMs;
        if (RecoveryLadder.IsReset(step))
        {
            facts.Restarts.Add(t);
            facts.ResetQuietUntilMs = t + _resultTimeoutMs + _recoveryTimeoutMs;
            incident.RestartsTried++;
        }
        else if (step == RecoveryStep.TakeOutOfService && port is { } outPort)
        {
            facts.OutOfService.Add(outPort);
        }

        _sink.OnCommand(command);
        Publish(incident, IncidentState.RecoveryRequested, t,
            $"{RecoveryLadder.NameOf(step)}: {command.Action} {command.Argument} ({decision.Rule})");
    }

    /// <summary>The charger answered the command in flight of <paramref name="chargePoint"/> for <paramref name="action"/>.</summary>
    private void OnCommandAnswered(string chargePoint, CommandAction action, bool accepted, long t)
    {
        foreach (var incident in _live)
        {
            if (incident.CommandPhase != CommandPhase.AwaitResult || incident.Command is not { } command
                || command.ChargePoint != chargePoint || RecoveryLadder.CommandActionOf(command.Step) != action)
            {
                continue;
            }

            incident.Command = command with { TimestampMs = t, Outcome = accepted ? CommandOutcome.Accepted : CommandOutcome.Rejected };
            _sink.OnCommand(incident.Command);
            incident.CommandDueMs = null;
            if (!accepted)
            {
                StepFailed(incident, t, $"{RecoveryLadder.NameOf(command.Step)} rejected");
            }
            else if (RecoveryLadder.IsReset(command.Step))
            {
                incident.CommandPhase = CommandPhase.AwaitRecovery;
                incident.CommandDueMs = t + _recoveryTimeoutMs;
                Facts(chargePoint).ResetQuietUntilMs = t + _recoveryTimeoutMs;
            }
            else if (command.Step == RecoveryStep.TakeOutOfService)
            {
                incident.CommandPhase = CommandPhase.None;
                EscalateTo(incident, incident.Owner < Owner.Field ? Owner.Field : incident.Owner, t, "connector taken out of service; repair in the field");
            }
            else
            {
                // An answered probe: the charger is responsive. If its fresh status cleared the incident, stop here.
                incident.CommandPhase = CommandPhase.None;
                if (incident.Active.Count > 0)
                {
                    TryNextStep(incident, t);
                }
            }

            return;
        }
    }

    private void OnCommandDue(Incident incident, long t)
    {
        var command = incident.Command!;
        switch (incident.CommandPhase)
        {
            case CommandPhase.AwaitResult:
                incident.Command = command with { TimestampMs = t, Outcome = CommandOutcome.NoAnswer };
                _sink.OnCommand(incident.Command);
                StepFailed(incident, t, $"{RecoveryLadder.NameOf(command.Step)} got no answer");
                break;
            case CommandPhase.AwaitRecovery:
                incident.Command = command with { TimestampMs = t, Recovered = false };
                _sink.OnCommand(incident.Command);
                StepFailed(incident, t, $"{RecoveryLadder.NameOf(command.Step)} accepted but the fault did not clear");
                break;
            case CommandPhase.AwaitHold:
                CommandHeld(incident, t);
                break;
        }
    }

    private void CommandHeld(Incident incident, long t)
    {
        incident.Command = incident.Command! with { TimestampMs = t, Held = true };
        incident.CommandPhase = CommandPhase.None;
        incident.CommandDueMs = null;
        incident.RestartsHeld++;
        _sink.OnCommand(incident.Command);
    }

    /// <summary>A signal of the incident came back: a reset in its hold period did not hold, nor did a reset seen in the traffic.</summary>
    private void OnFaultReturned(Incident incident, long t)
    {
        incident.UnjudgedResets = 0;
        if (incident.CommandPhase != CommandPhase.AwaitHold)
        {
            TryNextStep(incident, t);
            return;
        }

        var command = incident.Command!;
        incident.Command = command with { TimestampMs = t, Held = false };
        incident.CommandDueMs = null;
        _sink.OnCommand(incident.Command);
        StepFailed(incident, t, $"{RecoveryLadder.NameOf(command.Step)} did not hold: the fault returned");
    }

    private void StepFailed(Incident incident, long t, string reason)
    {
        incident.CommandPhase = CommandPhase.None;
        if (incident.NextRung < incident.Ladder.Count)
        {
            TryNextStep(incident, t);
            return;
        }

        Escalate(incident, t, "remote recovery exhausted: " + reason);
    }
}
