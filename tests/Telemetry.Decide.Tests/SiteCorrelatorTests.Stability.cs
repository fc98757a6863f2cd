using Telemetry.Decide.Classification;
using Telemetry.Decide.Incidents;
using Telemetry.Decide.Policy;
using Telemetry.Decide.Tests.Support;
using Telemetry.Engine.Signals;
using Telemetry.Ocpp.Events;

namespace Telemetry.Decide.Tests;

/// <summary>One incident per fault, with a cause that stays once decided (the fault library's scoring found these).</summary>
public sealed partial class SiteCorrelatorTests
{
    [Fact]
    public void OnSignal_OneHardwareIncidentThatStays_WhenRebootsOfResetLoopFollowSilence()
    {
        var s = new Scenario();
        s.GoSilent(10, "CP-A1", lastSeenMinutes: 10, reason: "disconnected");
        s.Return(20, "CP-A1", BootReason.PowerUp);
        s.Tick(30);
        Assert.Equal(IncidentCause.Power, s.Single().Cause);

        s.GoSilent(60, "CP-A1", lastSeenMinutes: 60, reason: "disconnected");
        s.Return(61, "CP-A1", BootReason.PowerUp);
        s.Raise(SignalTypes.ResetFrequent, 61.2, "CP-A1", evidence: new SignalEvidence { Count = 3, WindowMinutes = 1440 });
        s.GoSilent(120, "CP-A1", lastSeenMinutes: 120, reason: "disconnected");
        s.Return(121, "CP-A1", BootReason.PowerUp);
        s.Tick(130);

        var incident = s.Single();
        Assert.Equal((SignalScope.Charger, IncidentCause.Hardware, Recoverability.Remote),
            (incident.Scope, incident.Cause, incident.Recovery));
        var causes = s.Log.Incidents.Select(r => r.Cause).ToList();
        var settled = causes.IndexOf(IncidentCause.Hardware);
        Assert.True(settled > 0, "the cause moved from power to hardware");
        Assert.All(causes.Skip(settled), c => Assert.Equal(IncidentCause.Hardware, c));
        Assert.Contains("unplanned boots", s.Log.Incidents[settled].Reason, StringComparison.Ordinal);
        Assert.Equal(Owner.Techops, s.Log.Incidents[settled].Owner);
    }

    [Fact]
    public void OnSignal_OneCommsIncident_WhenFlappingFollowsSilence()
    {
        var s = new Scenario();
        s.GoSilent(10, "CP-A2", lastSeenMinutes: 10, reason: "disconnected");
        s.Tick(20);
        s.Return(25, "CP-A2", boot: null);
        s.Raise(SignalTypes.CommsUnstable, 40, "CP-A2", evidence: new SignalEvidence { Count = 3, WindowMinutes = 60 });
        s.Tick(50);

        var incident = s.Single();
        Assert.Equal((IncidentCause.Comms, Recoverability.Remote), (incident.Cause, incident.Recovery));
        Assert.Contains("disconnects", incident.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void OnSignal_NoIncident_WhenChargerIsBackBeforeGroupWaitEnds()
    {
        var s = new Scenario();
        s.GoSilent(10, "CP-A3", lastSeenMinutes: 10, reason: "disconnected");
        s.Return(11, "CP-A3", BootReason.PowerUp);
        s.Tick(60);

        Assert.Empty(s.Log.Incidents);
    }

    [Fact]
    public void OnSignal_NewIncident_WhenAnotherCodeFaultsSamePortWithinHoldPeriod()
    {
        var s = new Scenario();
        s.Faulted(0, "CP-A1", 1, "HighTemperature");
        s.Clear(SignalTypes.AvailabilityOutage, 120, "CP-A1", 1);
        s.Faulted(180, "CP-A1", 1, "ConnectorLockFailure");
        s.Tick(200);

        var incidents = s.Distinct();
        Assert.Equal(2, incidents.Count);
        Assert.Equal(IncidentCause.Thermal, incidents[0].Cause);
        Assert.Equal(IncidentCause.Connector, incidents[1].Cause);
        Assert.DoesNotContain(s.Log.Incidents, r => r.Reason.StartsWith("reopened", StringComparison.Ordinal));
    }

    [Fact]
    public void OnSignal_JoinsAndTakesKnownCause_WhenCauseWasUnknown()
    {
        var s = new Scenario();
        s.Raise(SignalTypes.AvailabilityOutage, 0, "CP-B1", 1, evidence: new SignalEvidence { Cause = "unavailable", Status = "Unavailable" });
        s.Tick(10);
        Assert.Equal(IncidentCause.Unknown, s.Single().Cause);
        s.Raise("restart.ineffective", 20, "CP-B1", 1, evidence: new SignalEvidence { Count = 2 });
        s.Tick(30);

        var incident = s.Single();
        Assert.Equal((IncidentCause.Hardware, Owner.Field), (incident.Cause, incident.Owner));
    }

    [Fact]
    public void OnSignal_RemoteRecovery_WhenOperatorResetOfDamagedConnectorHeld()
    {
        var s = new Scenario();
        s.Faulted(0, "CP-C1", 1, "GroundFailure");
        s.Tick(10);
        Assert.Equal(Recoverability.Field, s.Single().Recovery);
        s.Event(EventKind.ResetRequested, 30, "CP-C1", detail: (byte)ResetType.Hard, origin: EventOrigin.Csms);
        s.Event(EventKind.Boot, 31, "CP-C1", detail: (byte)BootReason.RemoteReset, version: OcppVersion.V201);
        s.Clear(SignalTypes.AvailabilityOutage, 32, "CP-C1", 1);
        s.Tick(32 + (6 * 60));

        var incident = s.Single();
        Assert.Equal(IncidentState.Resolved, incident.State);
        Assert.Equal((IncidentCause.Connector, Recoverability.Remote), (incident.Cause, incident.Recovery));
        Assert.Contains("remote restart that held", incident.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void OnSignal_FieldRecoveryKept_WhenResetWasForAnotherFaultAfterClear()
    {
        var s = new Scenario();
        s.Faulted(0, "CP-C1", 1, "GroundFailure");
        s.Clear(SignalTypes.AvailabilityOutage, 60, "CP-C1", 1);
        s.Event(EventKind.ResetRequested, 90, "CP-C1", detail: (byte)ResetType.Hard, origin: EventOrigin.Csms);
        s.Tick(60 + (5 * 60));

        var incident = s.Single();
        Assert.Equal(IncidentState.Resolved, incident.State);
        Assert.Equal(Recoverability.Field, incident.Recovery);
        Assert.Equal(0, incident.Answers.RemoteRestartsTried);
    }

    [Fact]
    public void OnSignal_SiteCommsRemote_WhenSiteReturnsWithoutBooting()
    {
        var s = new Scenario();
        string[] site = ["CP-B1", "CP-B2", "CP-B3"];
        foreach (var cp in site)
        {
            s.GoSilent(10, cp, lastSeenMinutes: 9, reason: "disconnected");
        }

        foreach (var cp in site)
        {
            s.Return(50, cp, boot: null, OcppVersion.V201);
        }

        s.Tick(60);

        var incident = s.Single();
        Assert.Equal((SignalScope.Site, IncidentCause.Comms, Recoverability.Remote, Owner.Techops),
            (incident.Scope, incident.Cause, incident.Recovery, incident.Owner));
    }

    [Fact]
    public void Classify_CauseFromAlertVariable_WhenAlarmComesFromNotifyEvent()
    {
        var signal = new Signal("alarm.recurring", SignalState.Raised, Scenario.T0, "CP-B1", 2, SignalScope.Connector,
            new SignalEvidence { Count = 3, WindowMinutes = 1440, Alert = "Connector/UnderVoltage/V-202" });

        var signalClass = SignalClassifier.Classify(signal);

        Assert.Equal((IncidentCause.Power, Recoverability.Field, Owner.Techops), (signalClass.Cause, signalClass.Recovery, signalClass.MinimumOwner ?? Owner.Frontline));
        Assert.Contains("UnderVoltage", signalClass.Evidence, StringComparison.Ordinal);
    }
}
