using Telemetry.Decide.Incidents;
using Telemetry.Decide.Policy;
using Telemetry.Decide.Recovery;
using Telemetry.Decide.Tests.Support;
using Telemetry.Engine.Signals;
using Telemetry.Ocpp.Events;

namespace Telemetry.Decide.Tests;

/// <summary>Remote recovery: the ladder, its guardrails and the outcomes read back from the traffic.</summary>
public sealed partial class SiteCorrelatorTests
{
    private static void Unstable(Scenario s, double minutes, string cp) =>
        s.Raise(SignalTypes.CommsUnstable, minutes, cp, evidence: new SignalEvidence { Count = 3, WindowMinutes = 60 });

    private static void Answer(Scenario s, double minutes, string cp, CommandAction action, CommandStatus status) =>
        s.Event(action == CommandAction.Reset ? EventKind.ResetResult : EventKind.CommandResult, minutes, cp,
            detail: (byte)status, reason: (byte)action);

    [Fact]
    public void Guardrails_SendNoReset_WhenChargerHadMaxResetsToday()
    {
        var s = new Scenario();
        for (var i = 0; i < s.Policy.Restarts.MaxPerChargerPerDay; i++)
        {
            s.Event(EventKind.ResetRequested, i * 40, "CP-A1", detail: (byte)ResetType.Soft, origin: EventOrigin.Csms);
        }

        Unstable(s, 100, "CP-A1");
        s.Tick(200);

        Assert.DoesNotContain(s.Requests(), c => c.Action == "Reset");
        Assert.Equal(RecoveryStep.Probe, Assert.Single(s.Requests()).Step);
        var escalation = Assert.Single(s.Log.Incidents, r => r.State == IncidentState.Escalated);
        Assert.Contains("MaxPerChargerPerDay", escalation.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Guardrails_ResetAtMostMaxPerDay_WhenResetsKeepFailing()
    {
        var policy = new EscalationPolicyOptions();
        policy.Restarts.ProbeFirst = false;
        policy.Restarts.MaxPerChargerPerDay = 1;
        var s = new Scenario(policy);
        Unstable(s, 0, "CP-B1");
        s.Tick(24 * 60);

        Assert.Equal(1, s.Requests().Count(c => c.Action == "Reset"));
    }

    [Fact]
    public void Guardrails_WaitForSessionToEnd_BeforeResetting()
    {
        var s = new Scenario();
        s.Event(EventKind.Status, 0, "CP-C1", port: 1, status: ConnectorStatus.Charging);
        Unstable(s, 1, "CP-C1");
        s.Tick(7);
        var probe = Assert.Single(s.Requests());
        Answer(s, 7.5, "CP-C1", CommandAction.TriggerMessage, CommandStatus.Accepted);
        s.Tick(100);
        Assert.DoesNotContain(s.Requests(), c => c.Action == "Reset");

        s.Event(EventKind.Status, 120, "CP-C1", port: 1, status: ConnectorStatus.Available);
        s.Tick(300);

        var reset = s.Requests().First(c => c.Action == "Reset");
        Assert.True(reset.RequestedMs >= Scenario.At(120));
        Assert.Equal("Soft", reset.Argument);
        Assert.Equal(RecoveryStep.Probe, probe.Step);
    }

    [Fact]
    public void Guardrails_AllowImmediateDuringSession_OnlyWhenPolicySaysSo()
    {
        var policy = new EscalationPolicyOptions();
        policy.Restarts.ProbeFirst = false;
        policy.Restarts.AllowImmediateDuringSession = true;
        var s = new Scenario(policy);
        s.Event(EventKind.Status, 0, "CP-B2", port: 1, status: ConnectorStatus.Charging, version: OcppVersion.V201);
        Unstable(s, 1, "CP-B2");
        s.Tick(60);

        var reset = Assert.Single(s.Requests());
        Assert.Equal(RecoveryStep.HardReset, reset.Step);
        Assert.Equal("Immediate", reset.Argument);
        Assert.Contains("AllowImmediateDuringSession", reset.Guardrail, StringComparison.Ordinal);
    }

    [Fact]
    public void Recovery_EscalatesWithNotHeldRestarts_WhenFaultReturnsAfterEachReset()
    {
        var s = new Scenario();
        s.Raise(SignalTypes.ResetFrequent, 0, "CP-A2", evidence: new SignalEvidence { Count = 3 });
        s.Tick(6);
        Answer(s, 6.5, "CP-A2", CommandAction.TriggerMessage, CommandStatus.Accepted);
        Answer(s, 7, "CP-A2", CommandAction.Reset, CommandStatus.Accepted);
        s.Clear(SignalTypes.ResetFrequent, 15, "CP-A2");
        s.Raise(SignalTypes.ResetFrequent, 60, "CP-A2", evidence: new SignalEvidence { Count = 3 });
        Answer(s, 61, "CP-A2", CommandAction.Reset, CommandStatus.Accepted);
        s.Clear(SignalTypes.ResetFrequent, 70, "CP-A2");
        s.Raise(SignalTypes.ResetFrequent, 100, "CP-A2", evidence: new SignalEvidence { Count = 3 });
        s.Tick(110);

        var resets = s.Requests().Where(c => c.Action == "Reset").ToList();
        Assert.Equal([RecoveryStep.SoftReset, RecoveryStep.HardReset], resets.Select(c => c.Step));
        Assert.Equal(resets.Select(c => c.Key), s.Log.Commands.Where(c => c.Held == false).Select(c => c.Key));
        Assert.Equal(resets.Select(c => c.Key), s.Log.Commands.Where(c => c.Recovered == true).Select(c => c.Key).Distinct());
        var incident = s.Single();
        Assert.Equal(IncidentState.Escalated, incident.State);
        Assert.Contains("did not hold", incident.Reason, StringComparison.Ordinal);
        Assert.Equal(Owner.Field, incident.Owner);
        Assert.Equal((2, 0), (incident.Answers.RemoteRestartsTried, incident.Answers.RemoteRestartsHeld));
    }

    [Fact]
    public void Recovery_ResolvesWithHeldRestart_WhenFaultStaysAway()
    {
        var s = new Scenario();
        Unstable(s, 0, "CP-C2");
        s.Tick(6);
        Answer(s, 6.5, "CP-C2", CommandAction.TriggerMessage, CommandStatus.Accepted);
        Answer(s, 7, "CP-C2", CommandAction.Reset, CommandStatus.Accepted);
        s.Clear(SignalTypes.CommsUnstable, 12, "CP-C2");
        s.Tick(12 + s.Policy.Resolution.HoldPeriod.TotalMinutes);

        var last = s.Log.Commands[^1];
        Assert.Equal((true, true), (last.Recovered, last.Held));
        var incident = s.Single();
        Assert.Equal(IncidentState.Resolved, incident.State);
        Assert.Equal((1, 1), (incident.Answers.RemoteRestartsTried, incident.Answers.RemoteRestartsHeld));
        Assert.DoesNotContain(s.Log.Incidents, r => r.State == IncidentState.Escalated);
    }

    [Fact]
    public void Recovery_NextStep_WhenChargerRejectsReset()
    {
        var s = new Scenario();
        Unstable(s, 0, "CP-A4");
        s.Tick(6);
        Answer(s, 6.5, "CP-A4", CommandAction.TriggerMessage, CommandStatus.Accepted);
        Answer(s, 7, "CP-A4", CommandAction.Reset, CommandStatus.Rejected);
        s.Tick(60);

        Assert.Contains(s.Log.Commands, c => c.Step == RecoveryStep.SoftReset && c.Outcome == CommandOutcome.Rejected);
        Assert.Contains(s.Requests(), c => c.Step == RecoveryStep.HardReset);
    }

    [Fact]
    public void Recovery_GivesEachStepItsOwnStableKey()
    {
        static IReadOnlyList<string> Keys()
        {
            var s = new Scenario();
            s.Raise(SignalTypes.CommsUnstable, 0, "CP-C1", evidence: new SignalEvidence { Reason = "unanswered_calls" });
            s.Tick(180);
            return s.Requests().Select(c => c.Key).ToList();
        }

        var first = Keys();
        Assert.Equal(3, first.Distinct().Count());
        Assert.Equal(first, Keys());
    }

    [Fact]
    public void Recovery_DoesNotOpenIncident_ForSilenceCausedByItsOwnReset()
    {
        var s = new Scenario();
        Unstable(s, 0, "CP-B3");
        s.Tick(6);
        Answer(s, 6.5, "CP-B3", CommandAction.TriggerMessage, CommandStatus.Accepted);
        Answer(s, 7, "CP-B3", CommandAction.Reset, CommandStatus.Accepted);
        s.GoSilent(8, "CP-B3", reason: "disconnected");
        s.Return(10, "CP-B3", BootReason.RemoteReset);
        s.Tick(30);

        Assert.Single(s.Distinct());
    }
}
