using System.Globalization;
using System.Text.RegularExpressions;
using Telemetry.Cli.Tests.Support;
using Telemetry.Testing;

namespace Telemetry.Cli.Tests;

/// <summary>
/// <c>replay</c> of a CSMS log export (the shared 14-day OCPP 1.6 log), judged against the
/// Faulted periods read straight from the CSV with a regular expression, not by the engine.
/// </summary>
public sealed partial class ReplayCsvExportTests
{
    [Fact]
    public async Task Replay_FindsEveryFaultedPeriodOfTheExport_AsAnOutage()
    {
        using var dir = new TempDirectory();
        var export = SharedSamples.Path("kwwhat-synthetic-16/ocpp_1_6_synthetic_logs_14d.csv");

        var replay = await TelemetryProcess.RunAsync("replay", export, "--out", dir.Path);

        Assert.True(replay.ExitCode == 0, replay.ToString());
        Assert.Contains("0 rejected", replay.Stdout, StringComparison.Ordinal);
        var expected = FaultedPeriods(export);
        Assert.NotEmpty(expected);
        var outages = OutageRow.ReadAll(Path.Combine(dir.Path, "outages.csv"));
        Assert.Equal(expected.Count, outages.Count);
        foreach (var (chargePoint, connector, start, end) in expected)
        {
            var outage = Assert.Single(outages, o => o.ChargePoint == chargePoint && o.Port == connector && o.Start == start);
            Assert.Equal(end, outage.End);
            Assert.StartsWith("faulted", outage.Cause, StringComparison.Ordinal);
        }
    }

    /// <summary>Each Faulted StatusNotification up to the next status of the same connector.</summary>
    private static List<(string ChargePoint, int Connector, DateTimeOffset Start, DateTimeOffset? End)> FaultedPeriods(string export)
    {
        var periods = new List<(string, int, DateTimeOffset, DateTimeOffset?)>();
        var open = new Dictionary<(string, int), DateTimeOffset>();
        foreach (var line in File.ReadLines(export).Skip(1))
        {
            var match = StatusRow().Match(line);
            if (!match.Success)
            {
                continue;
            }

            var time = DateTimeOffset.Parse(match.Groups["ts"].Value, CultureInfo.InvariantCulture);
            var key = (match.Groups["cp"].Value, int.Parse(match.Groups["connector"].Value, CultureInfo.InvariantCulture));
            var faulted = match.Groups["status"].Value == "Faulted";
            if (faulted && !open.ContainsKey(key))
            {
                open[key] = time;
            }
            else if (!faulted && open.Remove(key, out var since))
            {
                periods.Add((key.Item1, key.Item2, since, time));
            }
        }

        periods.AddRange(open.Select(o => (o.Key.Item1, o.Key.Item2, o.Value, (DateTimeOffset?)null)));
        return periods;
    }

    // CSV doubles the quotes inside the quoted frame: "connectorId"" becomes ""connectorId"".
    [GeneratedRegex(@"^(?<ts>[^,]+),(?<cp>[^,]+),StatusNotification,.*""""connectorId"""": (?<connector>\d+), """"status"""": """"(?<status>\w+)""""")]
    private static partial Regex StatusRow();
}
