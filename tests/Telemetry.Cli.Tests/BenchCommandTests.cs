using System.Globalization;
using System.Text.RegularExpressions;
using Telemetry.Cli.Tests.Support;

namespace Telemetry.Cli.Tests;

/// <summary><c>telemetry bench detect|e2e</c> run and print their documented figure lines; the figures themselves are not judged here.</summary>
public sealed class BenchCommandTests
{
    [Fact]
    public async Task BenchDetect_PrintsRatesAllocationProfileAndStateSize_WhenRunForOneSecond()
    {
        var result = await TelemetryProcess.RunAsync("bench", "detect", "--seconds", "1");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(RateLine("baseline: read \\+ sum"), result.Stdout);
        Assert.Matches(RateLine("detectors: one partition"), result.Stdout);
        Assert.Matches(@"detectors: [\d,]+ events/s per core   \(target >= 5,000,000: (met|NOT met)\)", result.Stdout);
        Assert.Matches(@"allocated: [\d.]+ B/event in steady state   \(target 0: (met|NOT met)\)", result.Stdout);
        Assert.Contains("  SessionDetector ", result.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"state: 1,000,000 connectors \(500,000 chargers x 2 ports, [\d,]+ events\)", result.Stdout);
        Assert.Matches(@"state: \d+ B/connector, \d+ MiB for 1M connectors   \(target <= 1024 MiB: (met|NOT met)\)", result.Stdout);
    }

    [Fact]
    public async Task BenchE2e_PrintsInProcessAndKafkaFigures_WhenRunForOneSecond()
    {
        var result = await TelemetryProcess.RunAsync("bench", "e2e", "--seconds", "1");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(RateLine("parse → detect, 2 threads"), result.Stdout);
        Assert.Matches(RateLine("Kafka: bare consumer \\(decode \\+ count\\)"), result.Stdout);
        Assert.Matches(RateLine("Kafka: consumer → detectors"), result.Stdout);
        Assert.Matches(@"in process: [\d,]+ events/s on 2 cores   \(target >= 1,000,000: (met|NOT met)\)", result.Stdout);
        Assert.Matches(GcLine("Kafka: bare consumer \\(decode \\+ count\\)"), result.Stdout);
        Assert.Matches(GcLine("Kafka: consumer → detectors"), result.Stdout);
        Assert.Matches(GcLine("Kafka: detect thread per partition"), result.Stdout);
        AssertRatioLine(result.Stdout, "engine / bare consumer", @"   \(target >= 0.8: (met|NOT met)\)");
        AssertRatioLine(result.Stdout, "detect thread per partition / bare consumer", string.Empty);
        Assert.Matches(@"(?m)^through Kafka: events per CPU second, engine / bare consumer = [\d.]+   \(all measured rounds; ", result.Stdout);
    }

    [Fact]
    public async Task BenchE2e_PrintsOrderedLatencyPercentiles_WhenPacedForOneSecond()
    {
        var result = await TelemetryProcess.RunAsync("bench", "e2e", "--seconds", "1", "--rate", "20000");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"latency run: paced at 20,000 events/s \(produced [\d,]+/s, [1-9][\d,]* events, [1-9][\d,]* detected, [\d,]+ late\), allowed lateness \d+ ms", result.Stdout);
        Assert.Contains("latency: signal emission wall time - due time", result.Stdout, StringComparison.Ordinal);
        var line = Regex.Match(result.Stdout, @"latency: ([\d,]+) signals due in the measured window, p50 ([\d.]+) ms, p99 ([\d.]+) ms, max ([\d.]+) ms   \(target p99 < 1000 ms: (met|NOT met)\)");
        Assert.True(line.Success, result.Stdout);
        Assert.True(int.Parse(line.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture) > 0, "the paced fleet raised no signal");
        var p50 = double.Parse(line.Groups[2].Value, CultureInfo.InvariantCulture);
        var p99 = double.Parse(line.Groups[3].Value, CultureInfo.InvariantCulture);
        var max = double.Parse(line.Groups[4].Value, CultureInfo.InvariantCulture);
        Assert.InRange(p50, 0, p99);
        Assert.InRange(p99, p50, max);
    }

    // A figure line: name, then events/s per core, ns/event and B/event, all measured (positive rate).
    private static void AssertRatioLine(string stdout, string name, string verdict)
    {
        var line = Regex.Match(stdout, $@"(?m)^through Kafka: {name} = ([\d.]+) \(median of (\d+) rounds, min ([\d.]+), max ([\d.]+)\){verdict}$");
        Assert.True(line.Success, stdout);
        var median = double.Parse(line.Groups[1].Value, CultureInfo.InvariantCulture);
        var rounds = int.Parse(line.Groups[2].Value, CultureInfo.InvariantCulture);
        var min = double.Parse(line.Groups[3].Value, CultureInfo.InvariantCulture);
        var max = double.Parse(line.Groups[4].Value, CultureInfo.InvariantCulture);
        Assert.True(rounds >= 5, $"{rounds} rounds");
        Assert.InRange(median, min, max);
        Assert.True(min > 0, $"min {min}");
    }

    // Name, gen0/1/2 counts, GC pause ms and share, busy cores, CPU µs/event, ring-full waits and their ms, wake waits.
    private static Regex GcLine(string name) => new($"(?m)^{name} +\\d+ +\\d+ +\\d+ +[\\d.]+ +[\\d.]+ +[\\d.]+ +[\\d.]+ +[\\d,]+ +[\\d.]+ +[\\d,]+$");

    private static Regex RateLine(string name) => new($"(?m)^{name} +[1-9][\\d,]* +[\\d.]+ +[\\d.]+$");
}
