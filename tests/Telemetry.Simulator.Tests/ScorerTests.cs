using Telemetry.Simulator.Faults;
using Telemetry.Simulator.Scoring;
using Telemetry.Simulator.Truth;

namespace Telemetry.Simulator.Tests;

/// <summary>Scoring of hand-written detector output against a hand-written truth; every expected figure worked out by hand.</summary>
public class ScorerTests
{
    private static readonly DateTimeOffset s_day = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    // Six chargers, four with faults: CP-1 offline; CP-2 half-dead; CP-3 and CP-4 a site power
    // loss; CP-1 and CP-3 a fleet-wide authorisation outage. CP-5 and CP-6 are healthy.
    private static readonly SimulationTruth s_truth = new(
        1, s_day, s_day.AddDays(1), 300, 6, 2,
        [
            Fault("F-0001", FaultKind.Offline, "CP-1", 10, 12) with
            {
                ExpectedSignals = [SignalNames.CommsOffline, SignalNames.AvailabilityOutage],
                PortsOutageMinutes = new Dictionary<string, double> { ["CP-1/1"] = 120, ["CP-1/2"] = 120 },
            },
            Fault("F-0002", FaultKind.HalfDead, "CP-2", 14, 15) with { ExpectedSignals = [SignalNames.CommsUnstable] },
            Fault("F-0003", FaultKind.SitePowerLoss, "CP-3", 20, 21) with
            {
                ExpectedSignals = [SignalNames.CommsOffline, SignalNames.AvailabilityOutage],
                Chargers = ["CP-3", "CP-4"],
                PortsOutageMinutes = new Dictionary<string, double> { ["CP-3/1"] = 60, ["CP-4/1"] = 60 },
            },
            Fault("F-0004", FaultKind.BackendAuthOutage, "CP-1", 16, 16.5) with
            {
                ExpectedSignals = [SignalNames.AuthFailures],
                Chargers = ["CP-1", "CP-3"],
            },
        ]);

    private const string Signals = """
        {"type":"comms.offline","state":"raised","ts":"2026-03-01T10:02:00.000Z","cp":"CP-1","scope":"charger","evidence":{}}
        {"type":"availability.outage","state":"raised","ts":"2026-03-01T10:05:00.000Z","cp":"CP-1","connector":1,"scope":"connector","evidence":{}}
        {"type":"availability.outage","state":"raised","ts":"2026-03-01T10:05:00.000Z","cp":"CP-1","connector":2,"scope":"connector","evidence":{}}
        {"type":"availability.outage","state":"cleared","ts":"2026-03-01T12:00:00.000Z","cp":"CP-1","connector":1,"scope":"connector","evidence":{}}
        {"type":"comms.offline","state":"cleared","ts":"2026-03-01T12:00:00.000Z","cp":"CP-1","scope":"charger","evidence":{}}
        {"type":"comms.unstable","state":"raised","ts":"2026-03-01T17:30:00.000Z","cp":"CP-2","scope":"charger","evidence":{}}
        {"type":"comms.offline","state":"raised","ts":"2026-03-01T20:01:00.000Z","cp":"CP-3","site":"SITE-002","scope":"charger","evidence":{}}
        {"type":"availability.outage","state":"raised","ts":"2026-03-01T20:03:00.000Z","cp":"CP-3","connector":1,"site":"SITE-002","scope":"connector","evidence":{}}
        {"type":"comms.offline","state":"raised","ts":"2026-03-01T20:01:00.000Z","cp":"CP-4","site":"SITE-002","scope":"charger","evidence":{}}
        {"type":"auth.failures","state":"raised","ts":"2026-03-01T16:10:00.000Z","cp":"CP-6","scope":"fleet","evidence":{"cause":"backend"}}
        {"type":"comms.offline","state":"raised","ts":"2026-03-01T03:00:00.000Z","cp":"CP-5","scope":"charger","evidence":{}}
        {"type":"availability.outage","state":"raised","ts":"2026-03-01T05:00:00.000Z","cp":"CP-6","connector":1,"scope":"connector","evidence":{}}
        {"type":"reset.frequent","state":"raised","ts":"2026-03-01T14:30:00.000Z","cp":"CP-2","scope":"charger","evidence":{}}
        """;

    private const string Outages = """
        outage_id,port_id,station_id,outage_start,outage_end,outage_duration,outage_cause,exempted_outage
        O-000001,1,CP-1,2026-03-01T10:00:00.000Z,2026-03-01T12:00:00.000Z,120,offline,false
        O-000002,2,CP-1,2026-03-01T10:00:00.000Z,2026-03-01T11:50:00.000Z,110,offline,false
        O-000003,1,CP-3,2026-03-01T20:00:00.000Z,2026-03-01T21:00:00.000Z,60,offline,false
        O-000004,1,CP-5,2026-03-01T03:00:00.000Z,,30,offline,false
        """;

    [Fact]
    public void Score_GivesPrecisionAndRecallPerClass()
    {
        var report = Score();

        Assert.Equal(["backend_auth_outage", "half_dead", "offline", "site_power_loss"], report.Classes.Select(c => c.Class));
        // Offline: recalled; 3 matching raises; the 2 raises on healthy chargers are of its types.
        Assert.Equal(new ClassScore("offline", 1, 1, 3, 2), Class(report, "offline"));
        Assert.Equal(0.6, Class(report, "offline").Precision!.Value, 12);
        Assert.Equal(1.0, Class(report, "offline").Recall);
        // Half-dead: its only signal came 2.5 h after the end, beyond the 2 h tolerance.
        Assert.Equal(new ClassScore("half_dead", 1, 0, 0, 1), Class(report, "half_dead"));
        Assert.Equal(0.0, Class(report, "half_dead").Precision);
        // Site power loss: CP-4 never showed an outage, so the fault is not recalled.
        Assert.Equal(new ClassScore("site_power_loss", 1, 0, 3, 2), Class(report, "site_power_loss"));
        Assert.Equal(0.0, Class(report, "site_power_loss").Recall);
        // Backend outage: one fleet-scoped signal speaks for both members.
        Assert.Equal(new ClassScore("backend_auth_outage", 1, 1, 1, 0), Class(report, "backend_auth_outage"));
        Assert.Equal(1.0, Class(report, "backend_auth_outage").Precision);
    }

    [Fact]
    public void Score_CountsFalseSignalsOnHealthyChargers_AndUnmatchedSignalsByType()
    {
        var report = Score();

        Assert.Equal(2, report.HealthyChargers);
        Assert.Equal(2, report.FalseSignalsOnHealthy);
        Assert.Equal(new Dictionary<string, int> { ["availability.outage"] = 1, ["comms.offline"] = 1 }, report.FalseSignalsOnHealthyByType);
        Assert.Equal(
            new Dictionary<string, int> { ["availability.outage"] = 1, ["comms.offline"] = 1, ["comms.unstable"] = 1, ["reset.frequent"] = 1 },
            report.UnmatchedByType);
    }

    [Fact]
    public void Score_MeasuresOutageMinutesPerPort()
    {
        var report = Score();

        Assert.Equal(
            [("F-0001", "CP-1/1", 0.0), ("F-0001", "CP-1/2", 10.0), ("F-0003", "CP-3/1", 0.0), ("F-0003", "CP-4/1", 60.0)],
            report.Ports.Select(p => (p.FaultId, p.Port, p.Error)));
        Assert.Equal(60.0, report.MaxOutageError);
        Assert.Equal(17.5, report.MeanOutageError);
    }

    [Fact]
    public void Score_CountsALateSignal_WhenTheToleranceCoversIt()
    {
        var report = Score(new ScoringOptions { Tolerance = TimeSpan.FromHours(3) });

        Assert.Equal(new ClassScore("half_dead", 1, 1, 1, 0), Class(report, "half_dead"));
    }

    [Fact]
    public void Score_DoesNotCountASignalOnTheWrongCharger()
    {
        var signals = SignalLog.Read(new StringReader("""
            {"type":"comms.unstable","state":"raised","ts":"2026-03-01T14:10:00.000Z","cp":"CP-1","scope":"charger","evidence":{}}
            """));

        var report = Scorer.Score(s_truth, signals, []);

        Assert.Equal(new ClassScore("half_dead", 1, 0, 0, 1), Class(report, "half_dead"));
        Assert.Equal(0, report.FalseSignalsOnHealthy);
    }

    [Fact]
    public void SignalLog_PairsEachRaiseWithItsClear_AndRejectsBadLines()
    {
        var signals = SignalLog.Read(new StringReader(Signals));

        Assert.Equal(11, signals.Count);
        Assert.Equal(s_day.AddHours(12).ToUnixTimeMilliseconds(), signals[0].ClearedMs);
        Assert.Equal(s_day.AddHours(12).ToUnixTimeMilliseconds(), signals[1].ClearedMs);
        Assert.Null(signals[2].ClearedMs);
        Assert.Equal(2, signals[2].Port);
        Assert.Throws<FormatException>(() => SignalLog.Read(new StringReader("{\"type\":\"comms.offline\"}")));
        Assert.Throws<FormatException>(() => SignalLog.Read(new StringReader("not json")));
    }

    [Fact]
    public void OutageLog_ReadsOpenAndClosedOutages_AndRejectsOtherFiles()
    {
        var outages = OutageLog.Read(new StringReader(Outages));

        Assert.Equal(4, outages.Count);
        Assert.Equal(new ScoredOutage("CP-1", 2, s_day.AddHours(10).ToUnixTimeMilliseconds(), s_day.AddHours(11).AddMinutes(50).ToUnixTimeMilliseconds(), 110), outages[1]);
        Assert.Null(outages[3].EndMs);
        Assert.Throws<FormatException>(() => OutageLog.Read(new StringReader("cp,port\n")));
        Assert.Throws<FormatException>(() => OutageLog.Read(new StringReader(Outages.Split('\n')[0] + "\nO-1,x,CP-1,2026-03-01T10:00:00Z,,1,offline,false\n")));
    }

    [Fact]
    public void ScoreReportWriter_WritesTableAndJson()
    {
        var report = Score();
        var table = new StringWriter();
        var json = new MemoryStream();

        ScoreReportWriter.WriteTable(report, table);
        ScoreReportWriter.WriteJson(report, json);

        Assert.Contains(table.ToString().Split('\n'), l => l.StartsWith("offline ", StringComparison.Ordinal) && l.TrimEnd().EndsWith("0.600", StringComparison.Ordinal));
        Assert.Contains("False signals on healthy chargers: 2 on 2 healthy chargers", table.ToString(), StringComparison.Ordinal);
        Assert.Contains("error max 60.0 min, mean 17.50 min", table.ToString(), StringComparison.Ordinal);
        using var document = System.Text.Json.JsonDocument.Parse(json.ToArray());
        var offline = document.RootElement.GetProperty("classes").EnumerateArray().Single(c => c.GetProperty("class").GetString() == "offline");
        Assert.Equal(0.6, offline.GetProperty("precision").GetDouble());
        Assert.Equal(1.0, offline.GetProperty("recall").GetDouble());
        Assert.Equal(2, document.RootElement.GetProperty("healthy").GetProperty("false_signals").GetInt32());
        Assert.Equal(17.5, document.RootElement.GetProperty("outage_minutes").GetProperty("mean_error").GetDouble());
    }

    [Fact]
    public void Score_ExplainsAllowedSignals_PlannedResetsAndExclusions()
    {
        // CP-2's reset.frequent is allowed by its fault; CP-5 went offline during a planned reset;
        // CP-6 port 1 went down inside its maintenance window: none of them is false any more.
        var truth = s_truth with
        {
            Faults = [.. s_truth.Faults.Select(f => f.Id == "F-0002" ? f with { AllowedSignals = [SignalNames.ResetFrequent] } : f)],
            PlannedResets = [new PlannedReset("CP-5", s_day.AddHours(2.97)) { End = s_day.AddHours(3.05) }],
            Exclusions = [new Exclusion("CP-6", 1, s_day.AddHours(4), s_day.AddHours(6), "scheduled_maintenance")],
        };

        var report = Scorer.Score(truth, SignalLog.Read(new StringReader(Signals)), OutageLog.Read(new StringReader(Outages)));

        Assert.Equal(3, report.Explained);
        Assert.Equal(0, report.FalseSignalsOnHealthy);
        Assert.Equal(1.0, Class(report, "offline").Precision);
        Assert.False(report.UnmatchedByType.ContainsKey(SignalNames.ResetFrequent));
    }

    [Fact]
    public void Score_CountsResetAsFalse_WhenSignalFollowsTheReboot()
    {
        // The reset ended at 02:00; an offline an hour later is not the reset's doing.
        var truth = s_truth with { PlannedResets = [new PlannedReset("CP-5", s_day.AddHours(1.9)) { End = s_day.AddHours(2) }] };

        var report = Scorer.Score(truth, SignalLog.Read(new StringReader(Signals)), OutageLog.Read(new StringReader(Outages)));

        Assert.Equal(0, report.Explained);
        Assert.Equal(2, report.FalseSignalsOnHealthy);
    }

    private static ScoreReport Score(ScoringOptions? options = null) =>
        Scorer.Score(s_truth, SignalLog.Read(new StringReader(Signals)), OutageLog.Read(new StringReader(Outages)), options);

    private static ClassScore Class(ScoreReport report, string name) => report.Classes.Single(c => c.Class == name);

    private static InjectedFault Fault(string id, FaultKind kind, string cp, double fromHour, double toHour) =>
        new(id, kind, cp, cp is "CP-3" or "CP-4" ? "SITE-002" : "SITE-001", null, s_day.AddHours(fromHour), s_day.AddHours(toHour));
}
