using Telemetry.Cli.Tests.Support;
using Telemetry.Simulator.Faults;
using Telemetry.Simulator.Truth;

namespace Telemetry.Cli.Tests;

public sealed class DemoCommandTests
{
    [Fact]
    public async Task Demo_RunsTheWholePipeline_AndShowsTheInjectedOutages()
    {
        using var dir = new TempDirectory();

        var demo = await TelemetryProcess.RunAsync("demo", "--chargers", "6", "--sites", "2", "--days", "2", "--seed", "4", "--out", dir.Path);

        Assert.True(demo.ExitCode == 0, demo.ToString());
        Assert.Contains("Fleet availability", demo.Stdout, StringComparison.Ordinal);
        Assert.Contains("Worst sites", demo.Stdout, StringComparison.Ordinal);
        Assert.Contains("Worst chargers", demo.Stdout, StringComparison.Ordinal);
        Assert.Contains("availability.outage", demo.Stdout, StringComparison.Ordinal);
        var truth = TruthFile.Read(dir.File("truth.json"));
        Assert.NotEmpty(truth.Faults);
        foreach (var fault in truth.Faults)
        {
            // Each injected fault is listed with what was detected for it, which agrees with what was injected.
            var line = Assert.Single(demo.Stdout.Split('\n'), l => l.Contains(fault.Id + " ", StringComparison.Ordinal));
            if (fault.Kind is FaultKind.Offline or FaultKind.ConnectorFaulted)
            {
                Assert.Contains($"{fault.Minutes} min injected", line, StringComparison.Ordinal);
                Assert.Contains($"{fault.Minutes}.0 min detected", line, StringComparison.Ordinal);
            }
            else
            {
                Assert.Contains(" raised", line, StringComparison.Ordinal);
                Assert.DoesNotContain("NOT raised", line, StringComparison.Ordinal);
            }
        }

        foreach (var output in new[] { "capture.jsonl", "inventory.csv", "truth.json", "signals.jsonl", "uptime.csv", "outages.csv", "deadletter.jsonl" })
        {
            Assert.True(File.Exists(dir.File(output)), $"{output} missing");
        }

        Assert.NotEmpty(Directory.GetFiles(dir.File("rollups"), "*.arrow"));
    }
}
