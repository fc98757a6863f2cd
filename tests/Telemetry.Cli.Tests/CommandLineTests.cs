using Telemetry.Cli.Tests.Support;

namespace Telemetry.Cli.Tests;

/// <summary>The command surface of DESIGN §2.5: exit codes 0 ok, 1 runtime failure, 2 bad usage/input, one-line reasons.</summary>
public sealed class CommandLineTests
{
    [Fact]
    public async Task Correlate_ExitsWithBadUsage_WithoutKafka()
    {
        var result = await TelemetryProcess.RunAsync("correlate");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--kafka", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(result.Stdout);
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("simulate", "--chargers", "5")]
    [InlineData("simulate", "--chargers", "0", "--out", "x")]
    [InlineData("demo", "--days", "many")]
    public async Task Command_ExitsWithBadUsage_WhenArgumentsAreWrong(params string[] args)
    {
        var result = await TelemetryProcess.RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("telemetry: ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulate_ExitsWithBadUsage_WhenSitesExceedChargers()
    {
        using var dir = new TempDirectory();

        var result = await TelemetryProcess.RunAsync("simulate", "--chargers", "2", "--sites", "5", "--out", dir.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Sites", result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public async Task Migrate_ExitsWithBadUsage_WhenNoDatabaseIsGiven()
    {
        var result = await TelemetryProcess.RunAsync(new Dictionary<string, string> { ["TELEMETRY_Timescale__ConnectionString"] = "" }, "migrate");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--timescale", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_ExitsWithRuntimeFailure_WhenTheDatabaseCannotBeReached()
    {
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(dir.File("capture.jsonl"), """{"ts":"2026-03-01T00:00:00Z","cp":"CP-1","event":"connected"}""" + "\n");

        // Port 1 on loopback: nothing listens there.
        var result = await TelemetryProcess.RunAsync("replay", dir.File("capture.jsonl"), "--out", dir.File("out"), "--timescale", "Host=127.0.0.1;Port=1;Username=postgres;Timeout=3");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("telemetry: ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Configuration_IsRead_FromTelemetryEnvironmentVariables()
    {
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(dir.File("capture.jsonl"), """{"ts":"2026-03-01T00:00:00Z","cp":"CP-1","event":"connected"}""" + "\n");

        var result = await TelemetryProcess.RunAsync(
            new Dictionary<string, string> { ["TELEMETRY_Detectors__Availability__OfflineAfterIntervals"] = "0" },
            "replay", dir.File("capture.jsonl"), "--out", dir.File("out"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("OfflineAfterIntervals", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("TELEMETRY_Processing__TimerTicks", "Processing")]
    [InlineData("TELEMETRY_Correlate__ShutdownWait", "Correlate")]
    [InlineData("TELEMETRY_Timescale__Sink__MaxRows", "Timescale:Sink")]
    public async Task Configuration_RefusesAKeyNoOptionHas_InTheWorkersSections(string variable, string section)
    {
        var result = await TelemetryProcess.RunAsync(new Dictionary<string, string> { [variable] = "5" }, "process", "--kafka", "127.0.0.1:1");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"configuration section '{section}'", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_SaysNotAvailable_WhenAnExternalKafkaIsGiven()
    {
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(dir.File("capture.jsonl"), """{"ts":"2026-03-01T00:00:00Z","cp":"CP-1","event":"connected"}""" + "\n");

        var result = await TelemetryProcess.RunAsync("replay", dir.File("capture.jsonl"), "--out", dir.File("out"), "--kafka", "127.0.0.1:9092");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("not available yet", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BenchParse_PrintsEveryParserAndBothRatios_FromOneRun()
    {
        var result = await TelemetryProcess.RunAsync("bench", "parse", "--seconds", "1");

        Assert.True(result.ExitCode == 0, result.ToString());
        foreach (var parser in new[] { "CSMS: JsonDocument + JsonSerializer", "Utf8JsonReader: tokenise only", "engine: TapRecordParser" })
        {
            var line = Assert.Single(result.Stdout.Split('\n'), l => l.StartsWith(parser, StringComparison.Ordinal));
            var columns = line[parser.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(double.Parse(columns[0], System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture) > 0, line);
        }

        // The engine's parser allocates nothing per record in steady state.
        Assert.EndsWith(" 0.0", result.Stdout.Split('\n').Single(l => l.StartsWith("engine: TapRecordParser", StringComparison.Ordinal)).TrimEnd(), StringComparison.Ordinal);
        Assert.Contains("engine / CSMS path:", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("engine / tokenise only:", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_ListsTheCommandsOfTheDesign()
    {
        var result = await TelemetryProcess.RunAsync("--help");

        Assert.Equal(0, result.ExitCode);
        foreach (var command in new[] { "demo", "simulate", "parse", "replay", "ingest", "process", "correlate", "report", "migrate", "bench" })
        {
            Assert.Contains(command, result.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Parse_WritesNormalisedEvents_AsJsonLines()
    {
        using var dir = new TempDirectory();
        await File.WriteAllLinesAsync(dir.File("capture.jsonl"),
        [
            """{"ts":"2026-03-01T00:00:00.000Z","cp":"CP-7","dir":"rx","msg":[2,"1","StatusNotification",{"connectorId":2,"errorCode":"HighTemperature","status":"Faulted"}]}""",
            """{"ts":"2026-03-01T00:00:01.000Z","cp":"CP-7","dir":"rx","msg":"oops"}""",
        ]);

        var result = await TelemetryProcess.RunAsync("parse", dir.File("capture.jsonl"));

        Assert.Equal(0, result.ExitCode);
        using var parsed = System.Text.Json.JsonDocument.Parse(Assert.Single(result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        var e = parsed.RootElement;
        Assert.Equal("CP-7", e.GetProperty("cp").GetString());
        Assert.Equal("Status", e.GetProperty("kind").GetString());
        Assert.Equal(2, e.GetProperty("port").GetInt32());
        Assert.Equal("Faulted", e.GetProperty("status").GetString());
        Assert.Equal("HighTemperature", e.GetProperty("error").GetString());
        Assert.Contains("invalid_frame", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parse_WritesRejectedRecordsToTheDeadLetterFile_WhenOneIsGiven()
    {
        using var dir = new TempDirectory();
        await File.WriteAllLinesAsync(dir.File("capture.jsonl"),
        [
            """{"ts":"2026-03-01T00:00:00.000Z","cp":"CP-7","dir":"rx","msg":[2,"1","Heartbeat",{}]}""",
            """{"ts":"2026-03-01T00:00:01.000Z","cp":"CP-7","dir":"rx","msg":[9,"2","Heartbeat",{}]}""",
        ]);

        var result = await TelemetryProcess.RunAsync("parse", dir.File("capture.jsonl"), "--deadletter", dir.File("dead.jsonl"));

        Assert.Equal(0, result.ExitCode);
        using var rejected = System.Text.Json.JsonDocument.Parse(Assert.Single(File.ReadAllLines(dir.File("dead.jsonl"))));
        Assert.Equal("unknown_message_type", rejected.RootElement.GetProperty("reason").GetString());
        Assert.Equal(2, rejected.RootElement.GetProperty("line").GetInt64());
        Assert.Contains("2 records, 1 events, 1 rejected", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parse_ExitsWithBadUsage_WhenTheCaptureCannotBeRead()
    {
        var result = await TelemetryProcess.RunAsync("parse", "/nonexistent/capture.jsonl");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("capture.jsonl", result.Stderr, StringComparison.Ordinal);
    }
}
