using Telemetry.Ocpp.Events;

namespace Telemetry.Decide.Correlation;

public sealed partial class SiteCorrelator
{
    /// <summary>
    /// Takes one OCPP event, in event-time order with the signals. Used: Connected, Disconnected,
    /// Boot, Status, session events, ResetRequested, ResetResult, Command, CommandResult and
    /// CallError; the rest only advance time.
    /// </summary>
    public void OnEvent(in TelemetryEvent e)
    {
        Advance(e.TimestampMs);
        if (!Consumes(e.Kind) || (uint)e.Charger >= (uint)_chargers.Count)
        {
            return;
        }

        var t = Math.Max(e.TimestampMs, _nowMs);
        var facts = Facts(_chargers.NameOf(e.Charger));
        if (e.Kind is EventKind.ResetRequested or EventKind.ResetResult or EventKind.CommandResult or EventKind.CallError)
        {
            // Command outcomes start, stop or move recovery deadlines.
            _deadlinesMoved = true;
        }
        if (e.Version != OcppVersion.Unknown)
        {
            facts.Version = e.Version;
        }

        switch (e.Kind)
        {
            case EventKind.Connected:
                facts.Connected = true;
                break;
            case EventKind.Disconnected:
                facts.Connected = false;
                facts.Sessions.Clear();
                break;
            case EventKind.Boot:
                facts.LastBootMs = t;
                facts.LastBootReason = (BootReason)e.Detail;
                facts.Connected = true;
                facts.Sessions.Clear();
                break;
            case EventKind.Status:
                OnStatus(facts, e.Port, e.Status);
                break;
            case EventKind.SessionStarted or EventKind.SessionUpdated:
                MarkOffline(facts, e, t);
                if (e.Status is not ConnectorStatus.Available)
                {
                    facts.Sessions.Add(e.Port);
                }

                break;
            case EventKind.SessionStopped:
                MarkOffline(facts, e, t);
                facts.Sessions.Remove(e.Port);
                break;
            case EventKind.ResetRequested when e.Origin == EventOrigin.Csms:
                OnResetSeen(facts, t);
                break;
            case EventKind.ResetResult:
                OnCommandAnswered(facts.ChargePoint, CommandAction.Reset, (CommandStatus)e.Detail is CommandStatus.Accepted or CommandStatus.Scheduled, t);
                break;
            case EventKind.CommandResult:
                OnCommandAnswered(facts.ChargePoint, (CommandAction)e.Reason, (CommandStatus)e.Detail is CommandStatus.Accepted or CommandStatus.Scheduled, t);
                break;
            case EventKind.CallError when e.Reason != 0:
                OnCommandAnswered(facts.ChargePoint, (CommandAction)e.Reason, false, t);
                break;
            case EventKind.Command when (CommandAction)e.Detail == CommandAction.ChangeAvailability:
                OnAvailabilityCommand(facts, e.Port, (AvailabilityType)e.Reason);
                break;
        }
    }

    /// <summary>True for the event kinds <see cref="OnEvent"/> reads: a replay need keep only these for the correlator.</summary>
    public static bool Consumes(EventKind kind) => kind is EventKind.Connected or EventKind.Disconnected or EventKind.Boot or EventKind.Status
        or EventKind.SessionStarted or EventKind.SessionUpdated or EventKind.SessionStopped or EventKind.ResetRequested
        or EventKind.ResetResult or EventKind.CommandResult or EventKind.CallError or EventKind.Command;

    private static void OnStatus(ChargerFacts facts, ushort port, ConnectorStatus status)
    {
        switch (status)
        {
            case ConnectorStatus.Charging or ConnectorStatus.SuspendedEV or ConnectorStatus.SuspendedEVSE:
                facts.Sessions.Add(port);
                break;
            case ConnectorStatus.Available or ConnectorStatus.Faulted or ConnectorStatus.Unavailable:
                if (port == 0)
                {
                    facts.Sessions.Clear();
                }
                else
                {
                    facts.Sessions.Remove(port);
                }

                break;
        }
    }

    private static void MarkOffline(ChargerFacts facts, in TelemetryEvent e, long t)
    {
        if (e.Offline)
        {
            facts.OfflineSessionMs = t;
        }
    }

    /// <summary>A reset the CSMS sent: ours being executed, or an operator's own, which counts as a restart tried.</summary>
    private void OnResetSeen(ChargerFacts facts, long t)
    {
        foreach (var incident in _live)
        {
            if (incident.CommandPhase == CommandPhase.AwaitResult && incident.Command is { } command
                && command.ChargePoint == facts.ChargePoint && Recovery.RecoveryLadder.IsReset(command.Step))
            {
                return;
            }
        }

        facts.Restarts.Add(t);
        facts.ResetQuietUntilMs = t + _recoveryTimeoutMs;
        foreach (var incident in facts.Incidents)
        {
            // An incident whose signals already cleared was not cured by this reset: it belongs to another fault.
            if (incident.IsLive && incident.Phase != IncidentPhase.Resolving)
            {
                incident.RestartsTried++;
                incident.UnjudgedResets++;
            }
        }
    }

    private static void OnAvailabilityCommand(ChargerFacts facts, ushort port, AvailabilityType type)
    {
        if (type == AvailabilityType.Inoperative)
        {
            facts.OutOfService.Add(port);
        }
        else if (type == AvailabilityType.Operative)
        {
            facts.OutOfService.Remove(port);
        }
    }
}
