using System.Globalization;
using System.Text.Json;
using Telemetry.Cli.Tests.Support;
using Telemetry.Testing;

namespace Telemetry.Cli.Tests.Reports;

/// <summary><c>report</c> and <c>exclusions</c> against the real PostgreSQL that ops/test.sh starts.</summary>
public sealed class ReportCommandTests
{
    [Fact]
    public async Task ReportUptime_GivesTheReplaysMonthFigures_AfterReplayWithTimescale()
    {
        await using var database = await ThrowawayDatabase.CreateAsync();
        using var dir = new TempDirectory();
        Assert.Equal(0, (await TelemetryProcess.RunAsync("simulate", "--chargers", "4", "--sites", "2", "--days", "1", "--seed", "5", "--out", dir.File("sim"))).ExitCode);
        var replay = await TelemetryProcess.RunAsync("replay", dir.File("sim/capture.jsonl"), "--inventory", dir.File("sim/inventory.csv"), "--out", dir.File("out"), "--timescale", database.ConnectionString);
        Assert.True(replay.ExitCode == 0, replay.ToString());

        var expected = (await File.ReadAllLinesAsync(dir.File("out/uptime.csv"))).Skip(1)
            .Where(l => l.Split(',')[4] != "all")
            .Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(expected);
        var month = DateTime.Parse(expected[0].Split(',')[2], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
        var from = new DateTime(month.Year, month.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        var report = await TelemetryProcess.RunAsync("report", "uptime", "--from", from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            "--to", from.AddMonths(2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "--format", "csv", "--timescale", database.ConnectionString);

        Assert.True(report.ExitCode == 0, report.ToString());
        var lines = report.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("station_id,port_id,uptime_period_start,uptime_period_end,report_yr_mon,uptime_pct,outage_total,outage_excluded", lines[0]);
        var months = lines.Skip(1).Where(l => !l.Split(',')[4].EndsWith("-ttm", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, months);
        Assert.Contains(months, l => l.Split(',')[5] != "100.00");
        Assert.True(await database.ScalarAsync<long>("SELECT count(*) FROM consumer_offsets") > 0);
        Assert.Equal(await database.ScalarAsync<long>("SELECT count(*) FROM outages"), (await File.ReadAllLinesAsync(dir.File("out/outages.csv"))).Length - 1);
        Assert.Equal(await database.ScalarAsync<long>("SELECT count(*) FROM sessions"), (await File.ReadAllLinesAsync(dir.File("out/sessions.csv"))).Length - 1);
        Assert.Equal(4L, await database.ScalarAsync<long>("SELECT count(*) FROM inventory"));
    }

    [Fact]
    public async Task Exclusions_AddListRemove_RoundTrip_AndTheReportExcusesTheOutage()
    {
        await using var database = await ThrowawayDatabase.CreateAsync();
        Assert.Equal(0, (await TelemetryProcess.RunAsync("migrate", "--timescale", database.ConnectionString)).ExitCode);
        // One day of minutes for CP-1/1, down 10:00-12:00 (120 minutes).
        await database.ExecuteAsync("""
            SELECT telemetry_ensure_partitions('connector_minute', '2026-03-01', '2026-03-02');
            INSERT INTO connector_minute (minute, cp, port, up_ms, down_ms, offline_ms, unknown_ms)
            SELECT m, 'CP-1', 1,
                   CASE WHEN m >= '2026-03-01T10:00Z' AND m < '2026-03-01T12:00Z' THEN 0 ELSE 60000 END,
                   CASE WHEN m >= '2026-03-01T10:00Z' AND m < '2026-03-01T12:00Z' THEN 60000 ELSE 0 END, 0, 0
            FROM generate_series(TIMESTAMPTZ '2026-03-01T00:00Z', TIMESTAMPTZ '2026-03-01T23:59Z', INTERVAL '1 minute') AS m;
            """);

        var add = await TelemetryProcess.RunAsync("exclusions", "add", "--port", "CP-1/1", "--from", "2026-03-01T10:00:00Z", "--to", "2026-03-01T11:00:00Z",
            "--reason", "utility", "--note", "feeder trip", "--timescale", database.ConnectionString);
        Assert.True(add.ExitCode == 0, add.ToString());
        var id = add.Stdout.Trim().Split(' ')[^1];
        var list = await TelemetryProcess.RunAsync("exclusions", "list", "--format", "json", "--timescale", database.ConnectionString);
        Assert.True(list.ExitCode == 0, list.ToString());
        var listed = Assert.Single(JsonDocument.Parse(list.Stdout).RootElement.EnumerateArray());
        Assert.Equal(id, listed.GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture));
        Assert.Equal("CP-1/1", listed.GetProperty("target").GetString());
        Assert.Equal("utility", listed.GetProperty("reason").GetString());
        Assert.Equal("feeder trip", listed.GetProperty("note").GetString());

        // T = 1,440; outage 120, of which 60 excluded: (1,440 − 60) / 1,440 × 100 = 95.83 %
        var json = await TelemetryProcess.RunAsync("report", "uptime", "--from", "2026-03-01", "--to", "2026-04-01", "--format", "json", "--timescale", database.ConnectionString);
        Assert.True(json.ExitCode == 0, json.ToString());
        var march = JsonDocument.Parse(json.Stdout).RootElement.EnumerateArray().Single(r => r.GetProperty("report_yr_mon").GetString() == "2026-03");
        Assert.Equal(95.83, march.GetProperty("uptime_pct").GetDouble());
        Assert.Equal(120, march.GetProperty("outage_total").GetDouble());
        Assert.Equal(60, march.GetProperty("outage_excluded").GetDouble());
        var table = await TelemetryProcess.RunAsync("report", "uptime", "--from", "2026-03-01", "--to", "2026-04-01", "--timescale", database.ConnectionString);
        Assert.Matches(@"(?m)^CP-1\s+1\s+2026-03-01T00:00:00\.000Z\s+2026-03-02T00:00:00\.000Z\s+2026-03\s+95\.83\s+120\.00\s+60\.00$", table.Stdout);

        var remove = await TelemetryProcess.RunAsync("exclusions", "remove", id, "--timescale", database.ConnectionString);
        Assert.True(remove.ExitCode == 0, remove.ToString());
        Assert.Equal("[]", (await TelemetryProcess.RunAsync("exclusions", "list", "--format", "json", "--timescale", database.ConnectionString)).Stdout.Trim());
        Assert.Equal(2, (await TelemetryProcess.RunAsync("exclusions", "remove", id, "--timescale", database.ConnectionString)).ExitCode);
        var csv = await TelemetryProcess.RunAsync("report", "uptime", "--from", "2026-03-01", "--to", "2026-04-01", "--format", "csv", "--timescale", database.ConnectionString);
        // Without the exclusion: (1,440 − 120) / 1,440 × 100 = 91.67 %
        Assert.Contains("\nCP-1,1,2026-03-01T00:00:00.000Z,2026-03-02T00:00:00.000Z,2026-03,91.67,120.00,0.00\n", csv.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReportUptime_AppliesTheVandalismCap_FromConfiguration()
    {
        await using var database = await ThrowawayDatabase.CreateAsync();
        Assert.Equal(0, (await TelemetryProcess.RunAsync("migrate", "--timescale", database.ConnectionString)).ExitCode);
        // Two days known, down the whole second day under a vandalism exclusion of that day.
        await database.ExecuteAsync("""
            SELECT telemetry_ensure_partitions('connector_minute', '2026-03-01', '2026-03-03');
            INSERT INTO connector_minute (minute, cp, port, up_ms, down_ms, offline_ms, unknown_ms)
            SELECT m, 'CP-9', 1,
                   CASE WHEN m >= '2026-03-02T00:00Z' THEN 0 ELSE 60000 END,
                   CASE WHEN m >= '2026-03-02T00:00Z' THEN 60000 ELSE 0 END, 0, 0
            FROM generate_series(TIMESTAMPTZ '2026-03-01T00:00Z', TIMESTAMPTZ '2026-03-02T23:59Z', INTERVAL '1 minute') AS m;
            INSERT INTO exclusions (scope, cp, from_time, to_time, reason) VALUES ('charger', 'CP-9', '2026-03-02T00:00Z', '2026-03-03T00:00Z', 'vandalism');
            """);

        var capped = await TelemetryProcess.RunAsync(
            new Dictionary<string, string> { ["TELEMETRY_Reports__ExclusionCaps__VandalismPerIncident"] = "06:00:00" },
            "report", "uptime", "--from", "2026-03-01", "--to", "2026-04-01", "--format", "csv", "--timescale", database.ConnectionString);

        Assert.True(capped.ExitCode == 0, capped.ToString());
        // T = 2,880; outage 1,440, 360 excused: (2,880 − 1,080) / 2,880 × 100 = 62.50 %
        Assert.Contains(",2026-03,62.50,1440.00,360.00\n", capped.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("report", "uptime", "--from", "2026-03-01", "--to", "soon")]
    [InlineData("report", "uptime", "--from", "2026-03-01", "--to", "2026-04-01", "--format", "xml")]
    [InlineData("report", "availability", "--from", "2026-03-01", "--to", "2026-04-01", "--interval", "15s")]
    [InlineData("exclusions", "add", "--charger", "CP-1", "--from", "2026-03-01", "--to", "2026-03-02", "--reason", "weather")]
    [InlineData("exclusions", "add", "--port", "CP-1", "--from", "2026-03-01", "--to", "2026-03-02", "--reason", "hours")]
    public async Task Command_ExitsWithBadUsage_WhenAnArgumentIsWrong(params string[] args)
    {
        var result = await TelemetryProcess.RunAsync([.. args, "--timescale", "Host=127.0.0.1;Port=1;Database=none"]);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("telemetry: ", result.Stderr, StringComparison.Ordinal);
    }
}
