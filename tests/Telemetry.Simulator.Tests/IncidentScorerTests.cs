using Telemetry.Simulator.Faults;
using Telemetry.Simulator.Scoring;
using Telemetry.Simulator.Truth;

namespace Telemetry.Simulator.Tests;

/// <summary>Incidents written by hand judged against a hand-written truth; every expected figure worked out by hand.</summary>
public class IncidentScorerTests
{
    private static readonly DateTimeOffset s_day = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    // CP-1 reset loop 10-12 h; CP-3 and CP-4 (SITE-002) a site power loss 20-21 h; CP-2 port 1
    // scheduled maintenance 5-7 h (no incident expected); CP-1 port 2 restart_fails 14-18 h.
    // CP-5 and CP-6 are healthy.
    private static readonly SimulationTruth s_truth = new(
        1, s_day, s_day.AddDays(1), 300, 6, 2,
        [
            Fault("F-0001", FaultKind.ResetLoop, "CP-1", "SITE-001", null, 10, 12),
            Fault("F-0002", FaultKind.SitePowerLoss, "CP-3", "SITE-002", null, 20, 21) with { Chargers = ["CP-3", "CP-4"] },
            Fault("F-0003", FaultKind.ScheduledMaintenance, "CP-2", "SITE-001", 1, 5, 7),
            Fault("F-0004", FaultKind.RestartFails, "CP-1", "SITE-001", 2, 14, 18) with
            {
                ExpectedIncident = new ExpectedIncident("connector", "connector", "field", "frontline") { EscalatesTo = "field" },
            },
        ]);

    // inc-a: CP-1 power, then hardware from the reset pattern (one change: stable), techops.
    // inc-b, inc-c: two site incidents for one site fault. inc-d: CP-2 during maintenance (unwanted).
    // inc-e: CP-1 port 2, cause thermal (wrong), reaches field. inc-f: CP-6, healthy (false).
    // inc-g: merged into inc-b (not counted).
    private const string Incidents = """
        {"type":"uptime.incident.opened","time":"2026-03-01T10:06:00.000Z","data":{"incident":"inc-a","scope":"charger","cause":"comms","recovery":"remote","owner":"frontline","cp":"CP-1","site":"SITE-001","evidence":"","reason":"opened","answers":{"repeats_7d":1,"extent":"cabinet","other_chargers_at_site":0,"remote_restarts":{"tried":0,"held":0},"layer":"hardware","field_candidate":false}}}
        {"type":"uptime.incident.updated","time":"2026-03-01T10:10:00.000Z","data":{"incident":"inc-a","scope":"charger","cause":"power","recovery":"field","owner":"techops","cp":"CP-1","site":"SITE-001","evidence":"","reason":"cause decided","answers":{"repeats_7d":1,"extent":"cabinet","other_chargers_at_site":0,"remote_restarts":{"tried":0,"held":0},"layer":"site","field_candidate":false}}}
        {"type":"uptime.incident.updated","time":"2026-03-01T11:00:00.000Z","data":{"incident":"inc-a","scope":"charger","cause":"hardware","recovery":"remote","owner":"techops","cp":"CP-1","site":"SITE-001","evidence":"","reason":"cause hardware","answers":{"repeats_7d":1,"extent":"cabinet","other_chargers_at_site":0,"remote_restarts":{"tried":0,"held":0},"layer":"hardware","field_candidate":false}}}
        {"type":"uptime.incident.opened","time":"2026-03-01T20:06:00.000Z","data":{"incident":"inc-g","scope":"charger","cause":"comms","recovery":"remote","owner":"frontline","cp":"CP-3","site":"SITE-002","evidence":"","reason":"opened","answers":{"repeats_7d":1,"extent":"cabinet","other_chargers_at_site":0,"remote_restarts":{"tried":0,"held":0},"layer":"hardware","field_candidate":false}}}
        {"type":"uptime.incident.resolved","time":"2026-03-01T20:07:00.000Z","data":{"incident":"inc-g","scope":"charger","cause":"comms","recovery":"remote","owner":"frontline","cp":"CP-3","site":"SITE-002","evidence":"","reason":"merged into site incident inc-b","answers":{"repeats_7d":1,"extent":"cabinet","other_chargers_at_site":0,"remote_restarts":{"tried":0,"held":0},"layer":"hardware","field_candidate":false}}}
        {"type":"uptime.incident.opened","time":"2026-03-01T20:07:00.000Z","data":{"incident":"inc-b","scope":"site","cause":"power","recovery":"field","owner":"techops","site":"SITE-002","chargers":["CP-3","CP-4"],"evidence":"","reason":"opened","answers":{"repeats_7d":1,"extent":"site","other_chargers_at_site":0,"remote_restarts":{"tried":0,"held":0},"layer":"site","field_candidate":false}}}
        {"type":"uptime.incident.opened","time":"2026-03-01T20:30:00.000Z","data":{"incident":"inc-c","scope":"site","cause":"power","recovery":"field","owner":"techops","site":"SITE-002","chargers":["CP-4"],"evidence":"","reason":"opened","answers":{"repeats_7d":1,"extent":"site","other_chargers_at_site":0,"remote_restarts":{"tried":0,"held":0},"layer":"site","field_candidate":false}}}
        {"type":"uptime.incident.opened","time":"2026-03-01T05:10:00.000Z","data":{"incident":"inc-d","scope":"connector","cause":"unknown","recovery":"remote","owner":"frontline","cp":"CP-2","connectors":[1],"evidence":"","reason":"opened","answers":{"repeats_7d":1,"extent":"connector","other_chargers_at_site":0,"remote_restarts":{"tried":0,"held":0},"layer":"hardware","field_candidate":false}}}
        {"type":"uptime.incident.opened","time":"2026-03-01T14:06:00.000Z","data":{"incident":"inc-e","scope":"connector","cause":"thermal","recovery":"field","owner":"frontline","cp":"CP-1","connectors":[2],"evidence":"","reason":"opened","answers":{"repeats_7d":1,"extent":"connector","other_chargers_at_site":0,"remote_restarts":{"tried":0,"held":0},"layer":"hardware","field_candidate":false}}}
        {"type":"uptime.incident.escalated","time":"2026-03-01T17:00:00.000Z","data":{"incident":"inc-e","scope":"connector","cause":"thermal","recovery":"field","owner":"field","cp":"CP-1","connectors":[2],"evidence":"","reason":"restart ineffective","answers":{"repeats_7d":1,"extent":"connector","other_chargers_at_site":0,"remote_restarts":{"tried":2,"held":0},"layer":"hardware","field_candidate":false}}}
        {"type":"uptime.incident.opened","time":"2026-03-01T09:00:00.000Z","data":{"incident":"inc-f","scope":"charger","cause":"comms","recovery":"remote","owner":"frontline","cp":"CP-6","evidence":"","reason":"opened","answers":{"repeats_7d":1,"extent":"cabinet","other_chargers_at_site":0,"remote_restarts":{"tried":0,"held":0},"layer":"hardware","field_candidate":false}}}
        """;

    [Fact]
    public void Score_JudgesEachFaultsIncident_AgainstExpectedIncident()
    {
        var report = IncidentScorer.Score(s_truth, IncidentLog.Read(new StringReader(Incidents)));

        var loop = Judgement(report, "F-0001");
        Assert.Equal((1, "inc-a"), (loop.Incidents, loop.Incident));
        Assert.True(loop.AllCorrect);

        var site = Judgement(report, "F-0002");
        Assert.Equal((2, "inc-b"), (site.Incidents, site.Incident));
        Assert.True(site.AllCorrect);

        var restart = Judgement(report, "F-0004");
        Assert.Equal((1, "inc-e"), (restart.Incidents, restart.Incident));
        Assert.Equal((true, false, true, true), (restart.ScopeCorrect, restart.CauseCorrect, restart.RecoveryCorrect, restart.OwnerCorrect));

        var maintenance = Judgement(report, "F-0003");
        Assert.False(maintenance.Expected);
        Assert.Equal(1, maintenance.Incidents);
    }

    [Fact]
    public void Score_CountsPerClass_AndFalseIncidents()
    {
        var report = IncidentScorer.Score(s_truth, IncidentLog.Read(new StringReader(Incidents)));

        var site = Assert.Single(report.Classes, c => c.Class == "site_power_loss");
        Assert.Equal(new IncidentClassScore("site_power_loss", 1, 1, 1, 0, 1, 1, 1, 1, 2), site);
        var restart = Assert.Single(report.Classes, c => c.Class == "restart_fails");
        Assert.Equal(new IncidentClassScore("restart_fails", 1, 1, 1, 1, 1, 0, 1, 1, 1), restart);
        var maintenance = Assert.Single(report.Classes, c => c.Class == "scheduled_maintenance");
        Assert.Equal(new IncidentClassScore("scheduled_maintenance", 1, 0, 0, 0, 0, 0, 0, 0, 1), maintenance);

        // inc-g merged: not counted. inc-d (maintenance) and inc-f (healthy CP-6) are false.
        Assert.Equal(6, report.Total);
        Assert.Equal(["inc-d", "inc-f"], report.Unmatched);
        Assert.Equal(2, report.FalseIncidents);
        Assert.Equal(1, report.FalseOnHealthy);
    }

    [Fact]
    public void Score_CauseWrong_WhenItFlipsBackAfterSettling()
    {
        var flipping = Incidents.Replace(
            "\"cause\":\"hardware\",\"recovery\":\"remote\",\"owner\":\"techops\",\"cp\":\"CP-1\",\"site\":\"SITE-001\",\"evidence\":\"\",\"reason\":\"cause hardware\"",
            "\"cause\":\"power\",\"recovery\":\"remote\",\"owner\":\"techops\",\"cp\":\"CP-1\",\"site\":\"SITE-001\",\"evidence\":\"\",\"reason\":\"cause hardware\"",
            StringComparison.Ordinal) + "\n" + """
            {"type":"uptime.incident.updated","time":"2026-03-01T11:30:00.000Z","data":{"incident":"inc-a","scope":"charger","cause":"hardware","recovery":"remote","owner":"techops","cp":"CP-1","site":"SITE-001","evidence":"","reason":"x","answers":{"repeats_7d":1,"extent":"cabinet","other_chargers_at_site":0,"remote_restarts":{"tried":0,"held":0},"layer":"hardware","field_candidate":false}}}
            {"type":"uptime.incident.updated","time":"2026-03-01T11:40:00.000Z","data":{"incident":"inc-a","scope":"charger","cause":"power","recovery":"remote","owner":"techops","cp":"CP-1","site":"SITE-001","evidence":"","reason":"x","answers":{"repeats_7d":1,"extent":"cabinet","other_chargers_at_site":0,"remote_restarts":{"tried":0,"held":0},"layer":"hardware","field_candidate":false}}}
            {"type":"uptime.incident.updated","time":"2026-03-01T11:50:00.000Z","data":{"incident":"inc-a","scope":"charger","cause":"hardware","recovery":"remote","owner":"techops","cp":"CP-1","site":"SITE-001","evidence":"","reason":"x","answers":{"repeats_7d":1,"extent":"cabinet","other_chargers_at_site":0,"remote_restarts":{"tried":0,"held":0},"layer":"hardware","field_candidate":false}}}
            """;

        var report = IncidentScorer.Score(s_truth, IncidentLog.Read(new StringReader(flipping)));

        var loop = Judgement(report, "F-0001");
        Assert.False(loop.CauseCorrect);
        Assert.True(loop.ScopeCorrect);
    }

    [Fact]
    public void Score_OwnerWrong_WhenEscalationIsNotReached()
    {
        var stuck = Incidents.Replace("\"owner\":\"field\",\"cp\":\"CP-1\",\"connectors\":[2]", "\"owner\":\"techops\",\"cp\":\"CP-1\",\"connectors\":[2]", StringComparison.Ordinal);

        var report = IncidentScorer.Score(s_truth, IncidentLog.Read(new StringReader(stuck)));

        Assert.False(Judgement(report, "F-0004").OwnerCorrect);
    }

    [Fact]
    public void Read_RejectsLine_WhenNotAnIncident()
    {
        var error = Assert.Throws<FormatException>(() => IncidentLog.Read(new StringReader("{\"type\":\"uptime.signal\"}\n")));
        Assert.StartsWith("incidents line 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExpectedIncident_NamesNone_ForScheduledMaintenance_AndCodeCause_ForRestartFaults()
    {
        Assert.Null(FaultLibrary.ExpectedIncident(FaultKind.ScheduledMaintenance, null));
        Assert.Equal(new ExpectedIncident("connector", "hardware", "field", "techops") { EscalatesTo = "field" },
            FaultLibrary.ExpectedIncident(FaultKind.RestartFails, "PowerSwitchFailure"));
        Assert.Equal(new ExpectedIncident("connector", "connector", "remote", "frontline") { Resolves = true },
            FaultLibrary.ExpectedIncident(FaultKind.RestartHolds, "GroundFailure"));
        // A Faulted status without a code (2.0.1) is hardware, whether the restart holds or not.
        Assert.Equal("hardware", FaultLibrary.ExpectedIncident(FaultKind.RestartHolds, null, codeUnreported: true)!.Cause);
        Assert.Equal("hardware", FaultLibrary.ExpectedIncident(FaultKind.RestartFails, null, codeUnreported: true)!.Cause);
        Assert.Equal(new ExpectedIncident("site", "comms", "remote", "techops"), FaultLibrary.ExpectedIncident(FaultKind.SiteUplinkLoss, null));
    }

    private static IncidentJudgement Judgement(IncidentReport report, string id) => Assert.Single(report.Faults, f => f.FaultId == id);

    private static InjectedFault Fault(string id, FaultKind kind, string cp, string site, int? port, double fromHour, double toHour) =>
        new(id, kind, cp, site, port, s_day.AddHours(fromHour), s_day.AddHours(toHour));
}
