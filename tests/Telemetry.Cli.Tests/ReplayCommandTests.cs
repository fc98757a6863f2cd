using System.Text.Json;
using Apache.Arrow.Ipc;
using Telemetry.Cli.Tests.Support;
using Telemetry.Simulator.Faults;
using Telemetry.Simulator.Truth;

namespace Telemetry.Cli.Tests;

/// <summary><c>telemetry simulate</c> then <c>telemetry replay</c>, judged against the simulator's truth.json.</summary>
public sealed class ReplayCommandTests
{
    /// <summary>DESIGN §2.3 signal types.</summary>
    private static readonly string[] SignalVocabulary =
    [
        "availability.outage", "comms.offline", "comms.unstable", "reset.frequent", "alarm.recurring", "alarm.aging",
        "session.failures", "auth.failures", "restart.ineffective", "power.derating", "firmware.failure",
    ];

    [Fact]
    public async Task Replay_FindsInjectedOutages_WithinOneHeartbeatInterval()
    {
        using var dir = new TempDirectory();
        var sim = dir.File("sim");
        var output = dir.File("out");
        var simulate = await TelemetryProcess.RunAsync("simulate", "--chargers", "40", "--sites", "3", "--days", "7", "--seed", "1", "--out", sim);
        Assert.True(simulate.ExitCode == 0, simulate.ToString());

        var replay = await TelemetryProcess.RunAsync("replay", Path.Combine(sim, "capture.jsonl"), "--inventory", Path.Combine(sim, "inventory.csv"), "--out", output);

        Assert.True(replay.ExitCode == 0, replay.ToString());
        var truth = TruthFile.Read(Path.Combine(sim, "truth.json"));
        var tolerance = TimeSpan.FromSeconds(truth.HeartbeatIntervalSeconds);
        var outages = OutageRow.ReadAll(Path.Combine(output, "outages.csv"));
        Assert.Contains(truth.Faults, f => f.Kind == FaultKind.Offline);
        foreach (var fault in truth.Faults.Where(f => f.Kind is FaultKind.Offline or FaultKind.ConnectorFaulted))
        {
            var matching = outages.Where(o => o.ChargePoint == fault.ChargePoint && (fault.Port is null || o.Port == fault.Port)
                && o.Start < fault.End && (o.End ?? DateTimeOffset.MaxValue) > fault.Start).ToList();
            Assert.NotEmpty(matching);
            foreach (var outage in matching)
            {
                Assert.InRange(TimeSpan.FromMinutes(outage.DurationMinutes), fault.End - fault.Start - tolerance, fault.End - fault.Start + tolerance);
            }
        }
    }

    [Fact]
    public async Task Replay_RaisesCommsUnstableAndResetFrequent_ForEveryInjectedFlappingAndResetLoop()
    {
        using var dir = new TempDirectory();
        var sim = dir.File("sim");
        var output = dir.File("out");
        Assert.Equal(0, (await TelemetryProcess.RunAsync("simulate", "--chargers", "40", "--sites", "3", "--days", "7", "--seed", "1", "--faults", "basic", "--out", sim)).ExitCode);

        var replay = await TelemetryProcess.RunAsync("replay", Path.Combine(sim, "capture.jsonl"), "--out", output);

        Assert.True(replay.ExitCode == 0, replay.ToString());
        var truth = TruthFile.Read(Path.Combine(sim, "truth.json"));
        var raised = File.ReadAllLines(Path.Combine(output, "signals.jsonl"))
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Where(s => s.GetProperty("state").GetString() == "raised")
            .Select(s => (Type: s.GetProperty("type").GetString(), Cp: s.GetProperty("cp").GetString(), Ts: DateTimeOffset.Parse(s.GetProperty("ts").GetString()!, System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();
        foreach (var (kind, type) in new[] { (FaultKind.CommsFlapping, "comms.unstable"), (FaultKind.ResetLoop, "reset.frequent") })
        {
            var faults = truth.Faults.Where(f => f.Kind == kind).ToList();
            Assert.NotEmpty(faults);
            foreach (var fault in faults)
            {
                // Raised on the charger at the third occurrence, inside the injected window.
                Assert.Contains(raised, s => s.Type == type && s.Cp == fault.ChargePoint && s.Ts >= fault.Start && s.Ts <= fault.End);
            }

            // And nowhere else: every such signal belongs to an injected fault.
            Assert.All(raised.Where(s => s.Type == type), s => Assert.Contains(faults, f => f.ChargePoint == s.Cp && s.Ts >= f.Start && s.Ts <= f.End));
        }

        // Planned resets are not counted as unplanned reboots.
        Assert.DoesNotContain(raised, s => s.Type == "reset.frequent" && truth.PlannedResets.Any(r => r.ChargePoint == s.Cp) && !truth.Faults.Any(f => f.Kind == FaultKind.ResetLoop && f.ChargePoint == s.Cp));
    }

    [Fact]
    public async Task Replay_WritesSignalsUptimeAndRollups_AsTheDesignSpecifies()
    {
        using var dir = new TempDirectory();
        var sim = dir.File("sim");
        var output = dir.File("out");
        Assert.Equal(0, (await TelemetryProcess.RunAsync("simulate", "--chargers", "8", "--sites", "2", "--days", "2", "--seed", "5", "--out", sim)).ExitCode);

        var replay = await TelemetryProcess.RunAsync("replay", Path.Combine(sim, "capture.jsonl"), "--inventory", Path.Combine(sim, "inventory.csv"), "--out", output);

        Assert.True(replay.ExitCode == 0, replay.ToString());
        var signals = File.ReadAllLines(Path.Combine(output, "signals.jsonl"));
        Assert.NotEmpty(signals);
        foreach (var line in signals)
        {
            using var signal = JsonDocument.Parse(line);
            var root = signal.RootElement;
            Assert.Contains(root.GetProperty("type").GetString(), SignalVocabulary);
            Assert.Contains(root.GetProperty("state").GetString(), new[] { "raised", "cleared" });
            var scope = root.GetProperty("scope").GetString();
            Assert.Contains(scope, new[] { "connector", "charger", "fleet" });
            if (scope != "fleet")
            {
                Assert.StartsWith("SITE-", root.GetProperty("site").GetString(), StringComparison.Ordinal);
            }
            Assert.True(DateTimeOffset.TryParse(root.GetProperty("ts").GetString(), out _));
            Assert.Equal(JsonValueKind.Object, root.GetProperty("evidence").ValueKind);
        }

        var uptime = File.ReadAllLines(Path.Combine(output, "uptime.csv"));
        Assert.Equal("station_id,port_id,uptime_period_start,uptime_period_end,report_yr_mon,uptime_pct,outage_total,outage_excluded", uptime[0]);
        Assert.Contains(uptime, l => l.Split(',')[4] == "2026-03");
        Assert.Contains(uptime, l => l.Split(',')[4] == "all");

        long rows = 0;
        foreach (var file in Directory.GetFiles(Path.Combine(output, "rollups"), "connector_minute-*.arrow"))
        {
            await using var stream = File.OpenRead(file);
            using var reader = new ArrowFileReader(stream);
            Assert.Equal(
                ["minute", "cp", "port", "up_ms", "down_ms", "offline_ms", "unknown_ms", "excluded_ms", "status_changes", "sessions_started",
                 "sessions_succeeded", "sessions_failed", "energy_wh", "peak_power_w", "alarms_raised", "health"],
                reader.Schema.FieldsList.Select(f => f.Name));
            while (await reader.ReadNextRecordBatchAsync() is { } batch)
            {
                using (batch)
                {
                    rows += batch.Length;
                }
            }
        }

        // Two days of every port, one row a minute; ports appear with their first status.
        Assert.InRange(rows, 2 * 1440 * 8, 2 * 1440 * 8 * 2);
    }

    [Fact]
    public async Task Replay_GivesByteIdenticalOutputs_WhenRunTwice()
    {
        using var dir = new TempDirectory();
        var sim = dir.File("sim");
        Assert.Equal(0, (await TelemetryProcess.RunAsync("simulate", "--chargers", "10", "--sites", "2", "--days", "2", "--seed", "9", "--out", sim)).ExitCode);

        foreach (var run in new[] { "a", "b" })
        {
            var replay = await TelemetryProcess.RunAsync("replay", Path.Combine(sim, "capture.jsonl"), "--inventory", Path.Combine(sim, "inventory.csv"), "--out", dir.File(run));
            Assert.True(replay.ExitCode == 0, replay.ToString());
        }

        var files = Directory.GetFiles(dir.File("a"), "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(dir.File("a"), f)).Order().ToList();
        Assert.Contains(Path.Combine("rollups", "connector_minute-p000.arrow"), files);
        foreach (var file in files)
        {
            Assert.True(
                File.ReadAllBytes(Path.Combine(dir.File("a"), file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(dir.File("b"), file))),
                $"{file} differs between two replays of the same capture");
        }
    }

    [Fact]
    public async Task Replay_DeadLettersMalformedRecords_AndKeepsProcessing()
    {
        using var dir = new TempDirectory();
        var capture = dir.File("capture.jsonl");
        await File.WriteAllLinesAsync(capture,
        [
            """{"ts":"2026-03-01T00:00:00.000Z","cp":"CP-1","event":"connected","proto":"ocpp1.6"}""",
            """{"ts":"2026-03-01T00:00:01.000Z","cp":"CP-1","dir":"rx","msg":[2,"1","StatusNotification",{"connectorId":1,"errorCode":"NoError","status":"Available"}]}""",
            """not json at all""",
            """{"ts":"yesterday","cp":"CP-1","dir":"rx","msg":[2,"2","Heartbeat",{}]}""",
            """{"ts":"2026-03-01T00:10:00.000Z","cp":"CP-1","dir":"rx","msg":[2,"3","StatusNotification",{"connectorId":1,"errorCode":"GroundFailure","status":"Faulted"}]}""",
            """{"ts":"2026-03-01T00:20:00.000Z","cp":"CP-1","dir":"rx","msg":[2,"4","StatusNotification",{"connectorId":1,"errorCode":"NoError","status":"Available"}]}""",
        ]);

        var replay = await TelemetryProcess.RunAsync("replay", capture, "--out", dir.File("out"));

        Assert.True(replay.ExitCode == 0, replay.ToString());
        var deadLetters = File.ReadAllLines(dir.File("out/deadletter.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["invalid_json", "invalid_timestamp"], deadLetters.Select(d => d.GetProperty("reason").GetString()));
        Assert.Equal([3L, 4L], deadLetters.Select(d => d.GetProperty("line").GetInt64()));
        Assert.Equal("not json at all", deadLetters[0].GetProperty("raw").GetString());
        var outage = Assert.Single(OutageRow.ReadAll(dir.File("out/outages.csv")));
        Assert.Equal("faulted:GroundFailure", outage.Cause);
        Assert.Equal(10, outage.DurationMinutes);
    }

    [Fact]
    public async Task Replay_ExitsWithBadUsage_WhenCaptureIsMissing()
    {
        using var dir = new TempDirectory();

        var replay = await TelemetryProcess.RunAsync("replay", dir.File("nope.jsonl"), "--out", dir.File("out"));

        Assert.Equal(2, replay.ExitCode);
        Assert.Contains("capture not found", replay.Stderr, StringComparison.Ordinal);
    }
}
