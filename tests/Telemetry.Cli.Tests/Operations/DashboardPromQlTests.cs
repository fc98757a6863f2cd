using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Telemetry.Cli.Tests.Support;

namespace Telemetry.Cli.Tests.Operations;

/// <summary>Every Prometheus query of the Grafana dashboards parses as PromQL, checked by Debian's promtool.</summary>
public sealed class DashboardPromQlTests
{
    [Fact]
    public async Task PrometheusTargets_ParseAsPromQl_WhenCheckedByPromtool()
    {
        var expressions = Expressions();
        using var directory = new TempDirectory();
        var rules = directory.File("dashboard-queries.yml");
        // Each query as a recording rule: promtool check rules parses every expression. Grafana's
        // own interval variables become a fixed range first, as Grafana substitutes them.
        var text = new StringBuilder("groups:\n  - name: dashboards\n    rules:\n");
        for (var i = 0; i < expressions.Count; i++)
        {
            var expr = expressions[i].Replace("$__rate_interval", "5m", StringComparison.Ordinal)
                .Replace("$__interval", "5m", StringComparison.Ordinal)
                .Replace("$__range", "5m", StringComparison.Ordinal);
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"      - record: dashboard:query_{i}\n        expr: {JsonSerializer.Serialize(expr)}\n");
        }

        await File.WriteAllTextAsync(rules, text.ToString());

        var (exitCode, output) = await RunPromtoolAsync("check", "rules", rules);

        Assert.True(expressions.Count >= 10, $"only {expressions.Count} Prometheus queries found");
        Assert.True(exitCode == 0, output);
    }

    private static List<string> Expressions()
    {
        var expressions = new List<string>();
        foreach (var file in Directory.GetFiles(OpsFiles.Path("grafana", "dashboards"), "*.json"))
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file));
            foreach (var panel in document.RootElement.GetProperty("panels").EnumerateArray())
            {
                foreach (var target in panel.GetProperty("targets").EnumerateArray())
                {
                    if (target.TryGetProperty("expr", out var expr))
                    {
                        expressions.Add(expr.GetString()!);
                    }
                }
            }
        }

        return expressions;
    }

    private static async Task<(int ExitCode, string Output)> RunPromtoolAsync(params string[] args)
    {
        var start = new ProcessStartInfo("promtool") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start promtool");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
