using System.Globalization;
using System.Text.Json;
using Telemetry.Cli.Tests.Support;
using Telemetry.Testing;

namespace Telemetry.Cli.Tests.Rollups;

public sealed class ReplayExclusionTests
{
    [Fact]
    public async Task Replay_ReportsConfiguredExclusionMinutes_InUptimeCsv()
    {
        using var dir = new TempDirectory();
        var sim = dir.File("sim");
        Assert.Equal(0, (await TelemetryProcess.RunAsync("simulate", "--chargers", "10", "--sites", "2", "--days", "2", "--seed", "9", "--out", sim)).ExitCode);
        var (cp, port, faultStart) = FirstConnectorFault(Path.Combine(sim, "truth.json"));
        // An hour of whole minutes well inside the injected fault (past a heartbeat interval of detection delay): the port is down throughout.
        var from = faultStart.AddMinutes(15);
        var to = from.AddHours(1);
        var environment = new Dictionary<string, string>
        {
            ["TELEMETRY_Detectors__Exclusions__Windows__0__ChargePoint"] = cp,
            ["TELEMETRY_Detectors__Exclusions__Windows__0__Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["TELEMETRY_Detectors__Exclusions__Windows__0__From"] = from.ToString("O", CultureInfo.InvariantCulture),
            ["TELEMETRY_Detectors__Exclusions__Windows__0__To"] = to.ToString("O", CultureInfo.InvariantCulture),
            ["TELEMETRY_Detectors__Exclusions__Windows__0__Reason"] = "maintenance",
        };

        var plain = await TelemetryProcess.RunAsync("replay", Path.Combine(sim, "capture.jsonl"), "--inventory", Path.Combine(sim, "inventory.csv"), "--out", dir.File("plain"));
        var excluded = await TelemetryProcess.RunAsync(environment, "replay", Path.Combine(sim, "capture.jsonl"), "--inventory", Path.Combine(sim, "inventory.csv"), "--out", dir.File("excluded"));
        Assert.True(plain.ExitCode == 0, plain.ToString());
        Assert.True(excluded.ExitCode == 0, excluded.ToString());

        var before = WholeInputRow(dir.File("plain/uptime.csv"), cp, port);
        var after = WholeInputRow(dir.File("excluded/uptime.csv"), cp, port);
        Assert.Equal("0.00", before[7]);
        Assert.Equal("60.00", after[7]);
        Assert.Equal(before[6], after[6]);
        // Every other port's figures are untouched.
        Assert.Equal(
            File.ReadAllLines(dir.File("plain/uptime.csv")).Where(l => !l.StartsWith(cp + "," + port + ",", StringComparison.Ordinal)),
            File.ReadAllLines(dir.File("excluded/uptime.csv")).Where(l => !l.StartsWith(cp + "," + port + ",", StringComparison.Ordinal)));
        Assert.True(File.Exists(dir.File("excluded/rollups/charger_minute-p000.arrow")));
    }

    [Fact]
    public async Task ReportUptime_AgreesWithUptimeCsv_WhenTheEngineExcludedTime()
    {
        await using var database = await ThrowawayDatabase.CreateAsync();
        using var dir = new TempDirectory();
        var sim = dir.File("sim");
        Assert.Equal(0, (await TelemetryProcess.RunAsync("simulate", "--chargers", "10", "--sites", "2", "--days", "2", "--seed", "9", "--out", sim)).ExitCode);
        var (cp, port, faultStart) = FirstConnectorFault(Path.Combine(sim, "truth.json"));
        var from = faultStart.AddMinutes(15);
        var environment = new Dictionary<string, string>
        {
            ["TELEMETRY_Detectors__Exclusions__Windows__0__ChargePoint"] = cp,
            ["TELEMETRY_Detectors__Exclusions__Windows__0__Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["TELEMETRY_Detectors__Exclusions__Windows__0__From"] = from.ToString("O", CultureInfo.InvariantCulture),
            ["TELEMETRY_Detectors__Exclusions__Windows__0__To"] = from.AddHours(1).ToString("O", CultureInfo.InvariantCulture),
        };
        var replay = await TelemetryProcess.RunAsync(environment, "replay", Path.Combine(sim, "capture.jsonl"), "--inventory", Path.Combine(sim, "inventory.csv"),
            "--out", dir.File("out"), "--timescale", database.ConnectionString);
        Assert.True(replay.ExitCode == 0, replay.ToString());

        var expected = File.ReadAllLines(dir.File("out/uptime.csv")).Skip(1).Where(l => l.Split(',')[4] != "all").Order(StringComparer.Ordinal).ToList();
        Assert.Contains(expected, l => l.StartsWith(cp + "," + port + ",", StringComparison.Ordinal) && l.Split(',')[7] == "60.00");
        var month = new DateTimeOffset(faultStart.Year, faultStart.Month, 1, 0, 0, 0, TimeSpan.Zero);
        var report = await TelemetryProcess.RunAsync("report", "uptime", "--from", month.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            "--to", month.AddMonths(2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "--format", "csv", "--timescale", database.ConnectionString);
        Assert.True(report.ExitCode == 0, report.ToString());
        var months = report.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Where(l => !l.Split(',')[4].EndsWith("-ttm", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, months);
    }

    private static (string Cp, int Port, DateTimeOffset Start) FirstConnectorFault(string truthPath)
    {
        using var truth = JsonDocument.Parse(File.ReadAllText(truthPath));
        foreach (var fault in truth.RootElement.GetProperty("faults").EnumerateArray())
        {
            var start = fault.GetProperty("start").GetDateTimeOffset();
            var end = fault.GetProperty("end").GetDateTimeOffset();
            if (fault.GetProperty("kind").GetString() == "connector_faulted" && end - start >= TimeSpan.FromHours(2))
            {
                return (fault.GetProperty("cp").GetString()!, fault.GetProperty("port").GetInt32(), start);
            }
        }

        throw new InvalidOperationException("the simulation injected no connector fault of two hours or more");
    }

    private static string[] WholeInputRow(string uptimeCsv, string cp, int port) =>
        File.ReadAllLines(uptimeCsv).Select(l => l.Split(',')).Single(f => f[0] == cp && f[1] == port.ToString(CultureInfo.InvariantCulture) && f[4] == "all");
}
