using Telemetry.Decide.Classification;
using Telemetry.Decide.Incidents;
using Telemetry.Decide.Policy;
using Telemetry.Decide.Recovery;
using Telemetry.Decide.Tests.Support;
using Telemetry.Engine.Signals;
using Telemetry.Ocpp.Events;

namespace Telemetry.Decide.Tests;

/// <summary>One scenario per fault class of the fault library: scope, cause, recovery and owner.</summary>
public sealed partial class SiteCorrelatorTests
{
    [Fact]
    public void OnSignal_ChargerPowerIncident_WhenItBootsWithPowerUpAfterSilence()
    {
        var s = new Scenario();
        s.GoSilent(10, "CP-A1", lastSeenMinutes: 0);
        s.Return(40, "CP-A1", BootReason.PowerUp, OcppVersion.V201);
        s.Tick(50);

        var incident = s.Single();
        Assert.Equal(SignalScope.Charger, incident.Scope);
        Assert.Equal(IncidentCause.Power, incident.Cause);
        Assert.Equal(Recoverability.Field, incident.Recovery);
        Assert.Equal(Owner.Techops, incident.Owner);
        Assert.Equal("CP-A1", incident.ChargePoint);
        Assert.Contains("PowerUp", incident.Evidence, StringComparison.Ordinal);
        Assert.Empty(s.Log.Commands);
    }

    [Fact]
    public void OnSignal_ChargerCommsIncident_WhenItReturnsWithoutBooting()
    {
        var s = new Scenario();
        s.GoSilent(10, "CP-A1", lastSeenMinutes: 0);
        s.Return(40, "CP-A1", boot: null);
        s.Tick(50);

        var incident = s.Single();
        Assert.Equal(SignalScope.Charger, incident.Scope);
        Assert.Equal(IncidentCause.Comms, incident.Cause);
        Assert.Equal(Recoverability.Remote, incident.Recovery);
        Assert.Equal(Owner.Frontline, incident.Owner);
        Assert.Equal("cabinet", incident.Answers.Extent);
    }

    [Fact]
    public void OnSignal_ConnectorIncidentTakenOutOfService_WhenConnectorStuckFaulted()
    {
        var s = new Scenario();
        s.Faulted(0, "CP-A1", 1, "GroundFailure");
        s.Tick(6);
        var request = Assert.Single(s.Requests());
        Assert.Equal(RecoveryStep.TakeOutOfService, request.Step);
        Assert.Equal("ChangeAvailability", request.Action);
        Assert.Equal("Inoperative", request.Argument);
        Assert.Equal(1, request.Connector);

        s.Event(EventKind.CommandResult, 7, "CP-A1", detail: (byte)CommandStatus.Accepted, reason: (byte)CommandAction.ChangeAvailability);
        s.Raise("alarm.aging", 300, "CP-A1", 1, evidence: new SignalEvidence { Cause = "faulted", ErrorCode = "GroundFailure", SinceMs = Scenario.At(0) });
        s.Tick(301);

        var incident = s.Single();
        Assert.Equal(SignalScope.Connector, incident.Scope);
        Assert.Equal(IncidentCause.Connector, incident.Cause);
        Assert.Equal(Recoverability.Field, incident.Recovery);
        Assert.Equal(Owner.Field, incident.Owner);
        Assert.Equal([1], incident.Connectors);
        Assert.Equal("connector", incident.Answers.Extent);
    }

    [Fact]
    public void OnSignal_ChargerCommsRemote_WhenLinkFlaps()
    {
        var s = new Scenario();
        s.Raise(SignalTypes.CommsUnstable, 0, "CP-B1", evidence: new SignalEvidence { Count = 3, WindowMinutes = 60 });
        s.Tick(6);

        var incident = s.Single();
        Assert.Equal((SignalScope.Charger, IncidentCause.Comms, Recoverability.Remote, Owner.Frontline),
            (incident.Scope, incident.Cause, incident.Recovery, incident.Owner));
        var probe = Assert.Single(s.Requests());
        Assert.Equal(RecoveryStep.Probe, probe.Step);
        Assert.Equal("TriggerMessage", probe.Action);
        Assert.Equal("Heartbeat", probe.Argument);
        Assert.False(string.IsNullOrEmpty(probe.Guardrail));
    }

    [Fact]
    public void OnSignal_ChargerHardwareRemoteFirst_WhenResetsRepeat()
    {
        var s = new Scenario();
        s.Raise(SignalTypes.ResetFrequent, 0, "CP-A3", evidence: new SignalEvidence { Count = 3, WindowMinutes = 1440, BootReason = "Watchdog" });
        s.Tick(6);

        var incident = s.Single();
        Assert.Equal((SignalScope.Charger, IncidentCause.Hardware, Recoverability.Remote, Owner.Techops),
            (incident.Scope, incident.Cause, incident.Recovery, incident.Owner));
        Assert.Equal(RecoveryStep.Probe, Assert.Single(s.Requests()).Step);
    }

    [Fact]
    public void OnSignal_OneSitePowerIncident_WhenEveryChargerOfSiteGoesSilentAndBootsWithPowerUp()
    {
        var s = new Scenario();
        string[] site = ["CP-A1", "CP-A2", "CP-A3", "CP-A4"];
        for (var i = 0; i < site.Length; i++)
        {
            s.GoSilent(10 + (i * 0.2), site[i], lastSeenMinutes: i);
        }

        for (var i = 0; i < site.Length; i++)
        {
            s.Return(60 + (i * 0.5), site[i], BootReason.PowerUp, OcppVersion.V201);
        }

        s.Tick(60 + (10 * 60));

        var incident = s.Single();
        Assert.Equal(SignalScope.Site, incident.Scope);
        Assert.Equal(IncidentCause.Power, incident.Cause);
        Assert.Equal("SITE-A", incident.Site);
        Assert.Equal(site, incident.Chargers);
        Assert.Equal("site", incident.Answers.Extent);
        Assert.Equal(ProblemLayer.Site, incident.Answers.Layer);
        Assert.Equal(IncidentState.Resolved, incident.State);
        Assert.All(s.Log.Incidents, r => Assert.Equal(incident.Incident, r.Incident));
        Assert.Empty(s.Log.Commands);
    }

    [Fact]
    public void OnSignal_OneSiteCommsIncident_WhenSiteUplinkDropsAndSessionsContinueOffline()
    {
        var s = new Scenario();
        string[] site = ["CP-B1", "CP-B2", "CP-B3"];
        foreach (var cp in site)
        {
            s.GoSilent(30, cp, reason: "disconnected");
        }

        foreach (var cp in site)
        {
            s.Return(90, cp, boot: null, OcppVersion.V201);
            s.Event(EventKind.SessionStopped, 90.2, cp, port: 1, offline: true, version: OcppVersion.V201);
        }

        s.Tick(100);

        var incident = s.Single();
        Assert.Equal(SignalScope.Site, incident.Scope);
        Assert.Equal(IncidentCause.Comms, incident.Cause);
        Assert.Contains("offline", incident.Evidence, StringComparison.Ordinal);
        Assert.True(incident.Owner >= Owner.Techops);
    }

    [Fact]
    public void OnSignal_HalfDeadChargerClimbsTheLadderThenEscalates_WhenNothingAnswers()
    {
        var s = new Scenario();
        s.Raise(SignalTypes.CommsUnstable, 0, "CP-C1", evidence: new SignalEvidence { Reason = "unanswered_calls", Count = 3 });
        s.Tick(180);

        Assert.Equal([RecoveryStep.Probe, RecoveryStep.SoftReset, RecoveryStep.HardReset], s.Requests().Select(c => c.Step));
        Assert.Equal(3, s.Log.Commands.Count(c => c.Outcome == CommandOutcome.NoAnswer));
        var incident = s.Single();
        Assert.Equal(IncidentCause.Comms, incident.Cause);
        Assert.Contains("CSMS calls", incident.Evidence, StringComparison.Ordinal);
        var escalation = Assert.Single(s.Log.Incidents, r => r.State == IncidentState.Escalated);
        Assert.Contains("exhausted", escalation.Reason, StringComparison.Ordinal);
        Assert.Equal(Owner.Techops, escalation.Owner);
    }

    [Fact]
    public void OnSignal_RecurringAlarmGoesToTechops_WhenOpened()
    {
        var s = new Scenario();
        s.Raise("alarm.recurring", 0, "CP-A2", 2, evidence: new SignalEvidence { ErrorCode = "GroundFailure", Count = 4, WindowMinutes = 1440 });
        s.Tick(6);

        var incident = s.Single();
        Assert.Equal((SignalScope.Connector, IncidentCause.Connector, Recoverability.Field, Owner.Techops),
            (incident.Scope, incident.Cause, incident.Recovery, incident.Owner));
    }

    [Fact]
    public void OnSignal_ConnectorSessionIncident_WhenSessionsEndEarly()
    {
        var s = new Scenario();
        s.Raise("session.failures", 0, "CP-B2", 2, evidence: new SignalEvidence { Count = 3, Reason = "EVDisconnected" });
        s.Tick(6);

        var incident = s.Single();
        Assert.Equal((SignalScope.Connector, IncidentCause.Session, Recoverability.Remote, Owner.Frontline),
            (incident.Scope, incident.Cause, incident.Recovery, incident.Owner));
        Assert.Equal("StatusNotification", Assert.Single(s.Requests()).Argument);
    }

    [Fact]
    public void OnSignal_ChargerAuthForTheField_WhenOnlyThisChargerRejects()
    {
        var s = new Scenario();
        s.Raise("auth.failures", 0, "CP-C2", evidence: new SignalEvidence { Count = 8, Status = "Invalid" });
        s.Tick(6);

        var incident = s.Single();
        Assert.Equal((SignalScope.Charger, IncidentCause.Auth, Recoverability.Field, Owner.Frontline),
            (incident.Scope, incident.Cause, incident.Recovery, incident.Owner));
        Assert.Empty(s.Log.Commands);
    }

    [Fact]
    public void OnSignal_OneFleetAuthIncidentForThePlatform_WhenBackendRejectsEverywhere()
    {
        var s = new Scenario();
        s.Raise("auth.failures", 0, "CP-A1", scope: SignalScope.Fleet, evidence: new SignalEvidence { Cause = "backend", Status = "Invalid" });
        s.Raise("auth.failures", 2, "CP-B1", scope: SignalScope.Fleet, evidence: new SignalEvidence { Cause = "backend", Status = "Invalid" });
        s.Tick(10);

        var incident = s.Single();
        Assert.Equal((SignalScope.Fleet, IncidentCause.Auth, Recoverability.Remote, Owner.Techops),
            (incident.Scope, incident.Cause, incident.Recovery, incident.Owner));
        Assert.Equal(ProblemLayer.Platform, incident.Answers.Layer);
        Assert.Equal(["CP-A1", "CP-B1"], incident.Chargers);
        Assert.Empty(s.Log.Commands);
    }

    [Fact]
    public void OnSignal_ResolvedWithRestartHeld_WhenOperatorResetRestoresConnector()
    {
        var s = new Scenario();
        s.Faulted(0, "CP-C1", 1, "InternalError");
        s.Tick(10);
        s.Event(EventKind.ResetRequested, 30, "CP-C1", detail: (byte)ResetType.Soft, origin: EventOrigin.Csms);
        s.Event(EventKind.ResetResult, 30.1, "CP-C1", detail: (byte)CommandStatus.Accepted, reason: (byte)CommandAction.Reset);
        s.Event(EventKind.Boot, 31, "CP-C1", detail: (byte)BootReason.RemoteReset, version: OcppVersion.V201);
        s.Clear(SignalTypes.AvailabilityOutage, 32, "CP-C1", 1);
        s.Tick(32 + (24 * 60));

        var incident = s.Single();
        Assert.Equal(IncidentState.Resolved, incident.State);
        Assert.Equal((1, 1), (incident.Answers.RemoteRestartsTried, incident.Answers.RemoteRestartsHeld));
        Assert.DoesNotContain(s.Log.Incidents, r => r.State == IncidentState.Escalated);
    }

    [Fact]
    public void OnSignal_SameIncidentGoesToField_WhenRestartsDoNotHold()
    {
        var s = new Scenario();
        s.Faulted(0, "CP-C2", 1, "PowerSwitchFailure");
        for (var round = 0; round < 2; round++)
        {
            var at = 30 + (round * 120);
            s.Event(EventKind.ResetRequested, at, "CP-C2", detail: (byte)ResetType.Hard, origin: EventOrigin.Csms);
            s.Event(EventKind.Boot, at + 1, "CP-C2", detail: (byte)BootReason.RemoteReset, version: OcppVersion.V201);
            s.Clear(SignalTypes.AvailabilityOutage, at + 2, "CP-C2", 1);
            s.Faulted(at + 100, "CP-C2", 1, "PowerSwitchFailure");
        }

        s.Raise("restart.ineffective", 250.5, "CP-C2", 1, evidence: new SignalEvidence { ErrorCode = "PowerSwitchFailure", Count = 2 });
        s.Tick(260);

        var incident = s.Single();
        Assert.Equal(Owner.Field, incident.Owner);
        Assert.Equal(IncidentCause.Hardware, incident.Cause);
        Assert.Equal((2, 0), (incident.Answers.RemoteRestartsTried, incident.Answers.RemoteRestartsHeld));
        Assert.Equal(2, s.Log.Incidents.Count(r => r.Reason.StartsWith("reopened", StringComparison.Ordinal)));
    }

    [Fact]
    public void OnSignal_ConnectorThermalForTechops_WhenPowerDerates()
    {
        var s = new Scenario();
        s.Raise("power.derating", 0, "CP-A4", 1, evidence: new SignalEvidence { ErrorCode = "HighTemperature" });
        s.Tick(6);

        var incident = s.Single();
        Assert.Equal((SignalScope.Connector, IncidentCause.Thermal, Recoverability.Field, Owner.Techops),
            (incident.Scope, incident.Cause, incident.Recovery, incident.Owner));
        Assert.Empty(s.Log.Commands);
    }

    [Fact]
    public void OnSignal_OneFleetIncidentOwnedByVendor_WhenFirmwareFailsOnOneModelAtTwoSites()
    {
        var s = new Scenario();
        s.Raise("firmware.failure", 0, "CP-A1", evidence: new SignalEvidence { Status = "InstallationFailed" });
        s.Raise("firmware.failure", 5, "CP-A2", evidence: new SignalEvidence { Status = "InstallationFailed" });
        s.Raise("firmware.failure", 45, "CP-B1", evidence: new SignalEvidence { Status = "InstallationFailed" });
        s.Tick(300);

        var incident = s.Single();
        Assert.Equal((SignalScope.Fleet, IncidentCause.Firmware, Recoverability.Vendor, Owner.Vendor),
            (incident.Scope, incident.Cause, incident.Recovery, incident.Owner));
        Assert.Equal("M1", incident.Model);
        Assert.Equal(["CP-A1", "CP-A2", "CP-B1"], incident.Chargers);
        Assert.All(s.Log.Incidents, r => Assert.Equal(SignalScope.Fleet, r.Scope));
    }

    [Fact]
    public void OnSignal_ChargerFirmwareIncident_WhenOnlyOneSiteFails()
    {
        var s = new Scenario();
        s.Raise("firmware.failure", 0, "CP-C1", evidence: new SignalEvidence { Status = "InstallationFailed" });
        s.Tick(300);

        var incident = s.Single();
        Assert.Equal((SignalScope.Charger, IncidentCause.Firmware, Owner.Techops), (incident.Scope, incident.Cause, incident.Owner));
    }

    [Fact]
    public void OnSignal_NoIncident_WhenConnectorIsTakenOutOfServiceForMaintenance()
    {
        var s = new Scenario();
        s.Event(EventKind.Command, 0, "CP-B3", port: 1, detail: (byte)CommandAction.ChangeAvailability,
            reason: (byte)AvailabilityType.Inoperative, origin: EventOrigin.Csms);
        s.Raise(SignalTypes.AvailabilityOutage, 0.1, "CP-B3", 1, evidence: new SignalEvidence { Cause = "unavailable", Status = "Unavailable" });
        s.Tick(180);
        s.Event(EventKind.Command, 180, "CP-B3", port: 1, detail: (byte)CommandAction.ChangeAvailability,
            reason: (byte)AvailabilityType.Operative, origin: EventOrigin.Csms);
        s.Clear(SignalTypes.AvailabilityOutage, 180.1, "CP-B3", 1);
        s.Tick(600);

        Assert.Empty(s.Log.Incidents);
        Assert.Empty(s.Log.Commands);
    }

    [Fact]
    public void OnEvent_NoIncident_WhenChargersAreHealthy()
    {
        var s = new Scenario();
        foreach (var cp in new[] { "CP-A1", "CP-B1", "CP-C1" })
        {
            s.Event(EventKind.Boot, 0, cp, detail: (byte)BootReason.PowerUp, version: OcppVersion.V201);
            s.Event(EventKind.Status, 0.1, cp, port: 1, status: ConnectorStatus.Available);
            s.Event(EventKind.SessionStarted, 10, cp, port: 1);
            s.Event(EventKind.Status, 10.1, cp, port: 1, status: ConnectorStatus.Charging);
            s.Event(EventKind.SessionStopped, 70, cp, port: 1);
            s.Event(EventKind.Heartbeat, 75, cp);
        }

        s.Tick(7 * 24 * 60);

        Assert.Empty(s.Log.Incidents);
        Assert.Empty(s.Log.Commands);
        Assert.All(s.Correlator.OpenByOwner(), pair => Assert.Equal(0, pair.Value));
    }
}
