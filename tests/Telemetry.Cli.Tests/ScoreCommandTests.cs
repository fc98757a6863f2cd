using System.Globalization;
using System.Text;
using System.Text.Json;
using Telemetry.Cli.Tests.Support;
using Telemetry.Simulator.Faults;
using Telemetry.Simulator.Truth;

namespace Telemetry.Cli.Tests;

/// <summary><c>telemetry simulate</c> with the default library, then <c>telemetry score</c> on detector output fabricated from its truth.</summary>
public sealed class ScoreCommandTests
{
    [Fact]
    public async Task Score_ReportsPerfectRecall_AndOneFalseSignal_ForFabricatedOutput()
    {
        using var dir = new TempDirectory();
        var sim = dir.File("sim");
        var output = dir.File("out");
        var simulate = await TelemetryProcess.RunAsync("simulate", "--chargers", "40", "--sites", "3", "--days", "7", "--seed", "2", "--out", sim);
        Assert.True(simulate.ExitCode == 0, simulate.ToString());
        var truth = TruthFile.Read(Path.Combine(sim, "truth.json"));
        Assert.Equal(Enum.GetValues<FaultKind>().Length, truth.Faults.Select(f => f.Kind).Distinct().Count());
        var healthy = Enumerable.Range(1, truth.Chargers).Select(i => $"CP-{i:D6}").First(cp => !truth.Faults.Any(f => f.MemberChargers.Contains(cp)));
        Fabricate(truth, output, healthy);

        var score = await TelemetryProcess.RunAsync("score", "--truth", Path.Combine(sim, "truth.json"), "--out", output, "--format", "json");

        Assert.True(score.ExitCode == 0, score.ToString());
        using var report = JsonDocument.Parse(score.Stdout);
        var classes = report.RootElement.GetProperty("classes").EnumerateArray().ToDictionary(c => c.GetProperty("class").GetString()!);
        Assert.Equal(truth.Faults.Select(f => f.Class).Distinct().Order(), classes.Keys.Order());
        foreach (var (name, score1) in classes)
        {
            Assert.Equal(1.0, score1.GetProperty("recall").GetDouble());
            var loops = truth.Faults.Count(f => f.Class == "reset_loop");
            // The one false reset.frequent counts against the only class expecting it.
            Assert.Equal(name == "reset_loop" ? (double)loops / (loops + 1) : 1.0, score1.GetProperty("precision").GetDouble(), 4);
        }

        Assert.Equal(1, report.RootElement.GetProperty("healthy").GetProperty("false_signals").GetInt32());
        // Detector output alone (no incidents.jsonl): no incident section.
        Assert.False(report.RootElement.TryGetProperty("incidents", out _));
        var outage = report.RootElement.GetProperty("outage_minutes");
        Assert.Equal(truth.Faults.Sum(f => f.PortsOutageMinutes.Count), outage.GetProperty("ports").GetInt32());
        Assert.Equal(0.0, outage.GetProperty("max_error").GetDouble());

        var table = await TelemetryProcess.RunAsync("score", "--truth", Path.Combine(sim, "truth.json"), "--out", output);
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains(table.Stdout.Split('\n'), l => l.StartsWith("site_power_loss ", StringComparison.Ordinal) && l.TrimEnd().EndsWith("1.000", StringComparison.Ordinal));
        Assert.Contains("False signals on healthy chargers: 1 on ", table.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Score_ExitsWithTwo_WhenAnInputIsMissingOrBad()
    {
        using var dir = new TempDirectory();
        var truthPath = dir.File("truth.json");
        await File.WriteAllTextAsync(truthPath, """{"seed":1,"start":"2026-03-01T00:00:00.000Z","end":"2026-03-02T00:00:00.000Z","heartbeat_interval_s":300,"chargers":1,"sites":1,"faults":[]}""");

        var missing = await TelemetryProcess.RunAsync("score", "--truth", truthPath, "--out", dir.File("nowhere"));
        await File.WriteAllTextAsync(dir.File("signals.jsonl"), "not json\n");
        await File.WriteAllTextAsync(dir.File("outages.csv"), "outage_id,port_id,station_id,outage_start,outage_end,outage_duration,outage_cause,exempted_outage\n");
        var bad = await TelemetryProcess.RunAsync("score", "--truth", truthPath, "--out", dir.Path);
        await File.WriteAllTextAsync(dir.File("signals.jsonl"), string.Empty);
        var empty = await TelemetryProcess.RunAsync("score", "--truth", truthPath, "--out", dir.Path);

        Assert.True(missing.ExitCode == 2, missing.ToString());
        Assert.True(bad.ExitCode == 2, bad.ToString());
        Assert.True(empty.ExitCode == 0, empty.ToString());
    }

    /// <summary>
    /// What perfect detectors would write: every expected signal on every member, raised a minute
    /// into the fault and cleared at its end; every expected outage exactly; and one false signal.
    /// </summary>
    private static void Fabricate(SimulationTruth truth, string output, string healthy)
    {
        Directory.CreateDirectory(output);
        var signals = new StringBuilder();
        foreach (var fault in truth.Faults)
        {
            foreach (var type in fault.ExpectedSignals)
            {
                foreach (var cp in fault.MemberChargers)
                {
                    signals.AppendLine(Signal(type, "raised", fault.Start.AddMinutes(1), cp));
                    signals.AppendLine(Signal(type, "cleared", fault.End, cp));
                }
            }
        }

        signals.AppendLine(Signal("reset.frequent", "raised", truth.Start.AddHours(5), healthy));
        File.WriteAllText(Path.Combine(output, "signals.jsonl"), signals.ToString());

        var outages = new StringBuilder("outage_id,port_id,station_id,outage_start,outage_end,outage_duration,outage_cause,exempted_outage\n");
        var id = 0;
        foreach (var fault in truth.Faults)
        {
            foreach (var (port, minutes) in fault.PortsOutageMinutes)
            {
                var parts = port.Split('/');
                var end = fault.Start.AddMinutes(minutes);
                outages.Append(CultureInfo.InvariantCulture, $"O-{++id:D6},{parts[1]},{parts[0]},{Time(fault.Start)},{Time(end)},{minutes.ToString(CultureInfo.InvariantCulture)},offline,false\n");
            }
        }

        File.WriteAllText(Path.Combine(output, "outages.csv"), outages.ToString());
    }

    private static string Signal(string type, string state, DateTimeOffset ts, string cp) =>
        JsonSerializer.Serialize(new Dictionary<string, object> { ["type"] = type, ["state"] = state, ["ts"] = Time(ts), ["cp"] = cp, ["scope"] = "charger", ["evidence"] = new Dictionary<string, object>() });

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
