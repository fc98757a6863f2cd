using Telemetry.Decide.Classification;
using Telemetry.Decide.Incidents;
using Telemetry.Decide.Policy;
using Telemetry.Decide.Tests.Support;
using Telemetry.Engine.Signals;
using Telemetry.Ocpp.Events;

namespace Telemetry.Decide.Tests;

/// <summary>A Faulted status without a diagnosis: the 2.0.1 path (no code at all) and the 1.6 path (NoError, OtherError) agree.</summary>
public sealed partial class SiteCorrelatorTests
{
    [Theory]
    [InlineData("CP-B1", null)]
    [InlineData("CP-A1", "NoError")]
    [InlineData("CP-A1", "OtherError")]
    public void OnSignal_HardwareFieldLikeCodedHardwareFault_WhenConnectorStuckFaultedWithoutCode(string cp, string? code)
    {
        var s = new Scenario();
        s.Raise(SignalTypes.AvailabilityOutage, 0, cp, 1, evidence: new SignalEvidence { Cause = "faulted", Status = "Faulted", ErrorCode = code });
        s.Tick(6);
        var coded = new Scenario();
        coded.Faulted(0, "CP-A1", 1, "PowerSwitchFailure");
        coded.Tick(6);

        var incident = s.Single();
        Assert.Equal((SignalScope.Connector, IncidentCause.Hardware, Recoverability.Field, Owner.Techops),
            (incident.Scope, incident.Cause, incident.Recovery, incident.Owner));
        Assert.Equal([1], incident.Connectors);
        var reference = coded.Single();
        Assert.Equal((reference.Cause, reference.Recovery, reference.Owner), (incident.Cause, incident.Recovery, incident.Owner));
        Assert.Equal(coded.Requests().Select(r => r.Step), s.Requests().Select(r => r.Step));
    }

    [Fact]
    public void OnSignal_AgingAlarmJoinsHardwareIncident_WhenFaultedWithoutCodeStaysOpen()
    {
        var s = new Scenario();
        s.Raise(SignalTypes.AvailabilityOutage, 0, "CP-B2", 2, evidence: new SignalEvidence { Cause = "faulted", Status = "Faulted" });
        s.Raise(SignalTypes.AlarmAging, 300, "CP-B2", 2, evidence: new SignalEvidence { Status = "Faulted", SinceMs = Scenario.At(0), AgeMinutes = 240 });
        s.Tick(301);

        var incident = s.Single();
        Assert.Equal((IncidentCause.Hardware, Recoverability.Field), (incident.Cause, incident.Recovery));
    }

    [Fact]
    public void OnSignal_HardwareOwnedByField_WhenRestartsOfUncodedFaultAreIneffective()
    {
        var s = new Scenario();
        s.Raise(SignalTypes.AvailabilityOutage, 0, "CP-B1", 1, evidence: new SignalEvidence { Cause = "faulted", Status = "Faulted" });
        s.Tick(10);
        s.Raise(SignalTypes.RestartIneffective, 20, "CP-B1", 1, evidence: new SignalEvidence { Count = 2 });
        s.Tick(30);

        var incident = s.Single();
        Assert.Equal((IncidentCause.Hardware, Recoverability.Field, Owner.Field), (incident.Cause, incident.Recovery, incident.Owner));
    }

    [Fact]
    public void OnSignal_HardwareRemote_WhenRestartOfUncodedFaultHeld()
    {
        var s = new Scenario();
        s.Raise(SignalTypes.AvailabilityOutage, 0, "CP-B1", 1, evidence: new SignalEvidence { Cause = "faulted", Status = "Faulted" });
        s.Tick(10);
        s.Event(EventKind.ResetRequested, 30, "CP-B1", detail: (byte)ResetType.Hard, origin: EventOrigin.Csms, version: OcppVersion.V201);
        s.Event(EventKind.Boot, 31, "CP-B1", detail: (byte)BootReason.RemoteReset, version: OcppVersion.V201);
        s.Clear(SignalTypes.AvailabilityOutage, 32, "CP-B1", 1);
        s.Tick(32 + (6 * 60));

        var incident = s.Single();
        Assert.Equal(IncidentState.Resolved, incident.State);
        Assert.Equal((IncidentCause.Hardware, Recoverability.Remote, Owner.Techops), (incident.Cause, incident.Recovery, incident.Owner));
    }

    [Theory]
    [InlineData("Faulted", null, IncidentCause.Hardware)]
    [InlineData("Faulted", "OtherError", IncidentCause.Hardware)]
    [InlineData("Faulted", "GroundFailure", IncidentCause.Connector)]
    [InlineData("Faulted", "HighTemperature", IncidentCause.Thermal)]
    [InlineData("Unavailable", null, IncidentCause.Unknown)]
    [InlineData(null, "OtherError", IncidentCause.Unknown)]
    public void OfStatus_ReadsCode_AndHardwareOnlyForUndiagnosedFaulted(string? status, string? code, IncidentCause expected) =>
        Assert.Equal(expected, ErrorCodeCauses.OfStatus(status, code));
}
