using Telemetry.Decide.Classification;
using Telemetry.Decide.Incidents;
using Telemetry.Decide.Policy;
using Telemetry.Decide.Tests.Support;
using Telemetry.Engine.Inventory;
using Telemetry.Engine.Signals;

namespace Telemetry.Decide.Tests;

/// <summary>Owners and deadlines: time limits, recurrences, proactive repair, the hold period.</summary>
public sealed partial class SiteCorrelatorTests
{
    private static EscalationPolicyOptions WithoutRemoteRecovery()
    {
        var policy = new EscalationPolicyOptions();
        policy.Causes["unknown"].RemoteRecovery = false;
        return policy;
    }

    private static void Unavailable(Scenario s, double minutes, string cp, ushort port) =>
        s.Raise(SignalTypes.AvailabilityOutage, minutes, cp, port, evidence: new SignalEvidence { Cause = "unavailable", Status = "Unavailable" });

    [Fact]
    public void Tick_MovesUnavailableConnectorToNextOwner_WhenDeadlinePassesWithoutNewSignal()
    {
        var s = new Scenario(WithoutRemoteRecovery());
        Unavailable(s, 0, "CP-A1", 2);
        s.Tick(6);
        var opened = Assert.Single(s.Log.Incidents);
        Assert.Equal(Owner.Frontline, opened.Owner);
        var limit = s.Policy.Causes["unknown"].TimeLimit;
        Assert.Equal(Scenario.At(6) + (long)limit.TotalMilliseconds, opened.DeadlineMs);

        s.Correlator.Tick(opened.DeadlineMs!.Value - 1);
        Assert.Single(s.Log.Incidents);

        s.Correlator.Tick(opened.DeadlineMs.Value);
        var escalated = s.Log.Incidents[^1];
        Assert.Equal(IncidentState.Escalated, escalated.State);
        Assert.Equal(Owner.Techops, escalated.Owner);
        Assert.Equal(opened.DeadlineMs.Value, escalated.TimestampMs);
        Assert.Equal(opened.DeadlineMs.Value + (long)limit.TotalMilliseconds, escalated.DeadlineMs);
    }

    [Fact]
    public void Tick_StopsAtFinalOwnerWithoutDeadline_WhenNeverResolved()
    {
        var s = new Scenario(WithoutRemoteRecovery());
        Unavailable(s, 0, "CP-A1", 2);
        s.Tick(10 * 24 * 60);

        var last = s.Final()[0];
        Assert.Equal(Owner.Field, last.Owner);
        Assert.Null(last.DeadlineMs);
        Assert.Equal(2, s.Log.Incidents.Count(r => r.State == IncidentState.Escalated));
        Assert.Equal(1, s.Correlator.OpenByOwner().Single(p => p.Key == Owner.Field).Value);
    }

    [Fact]
    public void OnSignal_ReopensSameIncident_WhenFaultReturnsWithinHoldPeriod()
    {
        var s = new Scenario(WithoutRemoteRecovery());
        Unavailable(s, 0, "CP-B2", 1);
        s.Clear(SignalTypes.AvailabilityOutage, 20, "CP-B2", 1);
        Unavailable(s, 60, "CP-B2", 1);
        s.Tick(70);

        var incident = s.Single();
        Assert.Contains(s.Log.Incidents, r => r.Reason.StartsWith("reopened", StringComparison.Ordinal));
        Assert.DoesNotContain(s.Log.Incidents, r => r.State == IncidentState.Resolved);
        Assert.Equal(2, incident.Answers.RepeatsLast7Days);
    }

    [Fact]
    public void OnSignal_OpensNewIncident_WhenFaultReturnsAfterResolution()
    {
        var s = new Scenario(WithoutRemoteRecovery());
        var hold = s.Policy.Resolution.HoldPeriod.TotalMinutes;
        Unavailable(s, 0, "CP-B2", 1);
        s.Clear(SignalTypes.AvailabilityOutage, 20, "CP-B2", 1);
        Unavailable(s, 20 + hold + 1, "CP-B2", 1);
        s.Tick(20 + hold + 10);

        var incidents = s.Final();
        Assert.Equal(2, incidents.Count);
        Assert.Equal(IncidentState.Resolved, incidents[0].State);
        Assert.Equal(Scenario.At(20 + hold), incidents[0].TimestampMs);
        Assert.Equal(2, incidents[1].Answers.RepeatsLast7Days);
    }

    [Fact]
    public void Open_GoesToRecurrenceOwner_WhenSameAlarmRepeatsWithinWindow()
    {
        var s = new Scenario(WithoutRemoteRecovery());
        var hold = s.Policy.Resolution.HoldPeriod.TotalMinutes;
        for (var i = 0; i < s.Policy.Recurrence.Count; i++)
        {
            var at = i * (hold + 60);
            Unavailable(s, at, "CP-C1", 1);
            s.Clear(SignalTypes.AvailabilityOutage, at + 10, "CP-C1", 1);
        }

        s.Tick(s.Policy.Recurrence.Count * (hold + 60));

        var incidents = s.Final();
        Assert.Equal(s.Policy.Recurrence.Count, incidents.Count);
        Assert.All(incidents.Take(incidents.Count - 1), r => Assert.Equal(Owner.Frontline, r.Owner));
        Assert.Equal(Owner.Techops, incidents[^1].Owner);
        Assert.Equal(s.Policy.Recurrence.Count, incidents[^1].Answers.RepeatsLast7Days);
    }

    [Fact]
    public void Open_MakesFieldCandidate_WhenChargerKeepsRecoveringByItself()
    {
        var s = new Scenario();
        var hold = s.Policy.Resolution.HoldPeriod.TotalMinutes;
        var episodes = s.Policy.ProactiveRepair.SelfRecoveries + 1;
        for (var i = 0; i < episodes; i++)
        {
            var at = i * (hold + 60);
            s.GoSilent(at + 10, "CP-B1", lastSeenMinutes: at);
            s.Return(at + 30, "CP-B1", boot: null);
        }

        s.Tick(episodes * (hold + 60));

        var incidents = s.Final();
        Assert.Equal(episodes, incidents.Count);
        Assert.All(incidents.Take(episodes - 1), r => Assert.False(r.Answers.FieldCandidate));
        Assert.True(incidents[^1].Answers.FieldCandidate);
        Assert.Equal(Owner.Field, incidents[^1].Owner);
    }

    [Fact]
    public void OnSignal_CountsOtherChargersOfSite_WhenTheyHaveSeparateIncidents()
    {
        var s = new Scenario(WithoutRemoteRecovery());
        Unavailable(s, 0, "CP-A1", 1);
        s.Raise("power.derating", 1, "CP-A2", 1, evidence: new SignalEvidence { ErrorCode = "HighTemperature" });
        s.Tick(10);

        Assert.Equal(2, s.Final().Count);
        Assert.Equal(1, s.Final()[1].Answers.OtherChargersAtSiteAffected);
    }

    [Fact]
    public void OnSignal_LeavesFirmwareIncidentsOutOfTheSiteCount_AsTheFleetPartitionHoldsThem()
    {
        var s = new Scenario(WithoutRemoteRecovery());
        s.Raise("firmware.failure", 0, "CP-A3", evidence: new SignalEvidence { Status = "InstallationFailed" });
        Unavailable(s, 0, "CP-A1", 1);
        s.Raise("power.derating", 1, "CP-A2", 1, evidence: new SignalEvidence { ErrorCode = "HighTemperature" });
        s.Tick(300);

        var derating = s.Final().Single(r => r.ChargePoint == "CP-A2");
        Assert.Equal(1, derating.Answers.OtherChargersAtSiteAffected);
        var firmware = s.Final().Single(r => r.Cause == IncidentCause.Firmware);
        Assert.Equal(0, firmware.Answers.OtherChargersAtSiteAffected);
    }

    [Fact]
    public void OnSignal_CountsFirmwareIncidentsAtTheFleetIncidentsSites_WhenOutsideIt()
    {
        // CP-A5, a model M2 at site A, fails on its own; the M1 fleet incident spans sites A and B.
        var chargers = Scenario.DefaultFleet().Append(new ChargerInfo("CP-A5", "SITE-A", "Bolt", "M2", "7.1", 2));
        var s = new Scenario(WithoutRemoteRecovery(), chargers);
        // CP-A5 fails first, so its incident is open when the fleet incident opens.
        s.Raise("firmware.failure", 0, "CP-A5", evidence: new SignalEvidence { Status = "InstallationFailed" });
        s.Raise("firmware.failure", 1, "CP-A1", evidence: new SignalEvidence { Status = "InstallationFailed" });
        s.Raise("firmware.failure", 5, "CP-B1", evidence: new SignalEvidence { Status = "InstallationFailed" });
        Unavailable(s, 6, "CP-A2", 1);
        Unavailable(s, 6, "CP-B2", 1);
        s.Tick(300);

        var fleet = s.Final().Single(r => r.Scope == SignalScope.Fleet);
        Assert.Equal(["CP-A1", "CP-B1"], fleet.Chargers);
        // CP-A5's firmware fault counts; the unavailable connectors of CP-A2 and CP-B2 are the site partitions' business.
        Assert.Equal(1, fleet.Answers.OtherChargersAtSiteAffected);
    }
}
