using System.Globalization;
using System.Text.Json;
using Telemetry.Cli.Tests.Support;

namespace Telemetry.Cli.Tests;

/// <summary>DESIGN §3: input out of order within the allowed lateness gives the same answers; later input is routed, not lost.</summary>
public sealed class ReplayOrderingTests
{
    [Fact]
    public async Task Replay_WritesIdenticalOutputs_ForACaptureShuffledWithinTheLateness_AndRoutesLateRecords()
    {
        using var dir = new TempDirectory();
        var sim = dir.File("sim");
        Assert.Equal(0, (await TelemetryProcess.RunAsync("simulate", "--chargers", "20", "--sites", "2", "--days", "3", "--seed", "4", "--out", sim)).ExitCode);
        var ordered = File.ReadAllLines(Path.Combine(sim, "capture.jsonl"));
        var random = new Random(11);
        // Records of different chargers come out of order by up to 100 s of event time (the
        // lateness is 2 min), as taps of several CSMS nodes merged late would; each charger's own
        // records keep their order, as one connection's do.
        var latestKey = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var shuffled = ordered
            .Select((line, index) =>
            {
                var cp = ChargePointOf(line);
                var key = TimeOf(line).AddSeconds(random.Next(0, 100));
                key = latestKey.TryGetValue(cp, out var previous) && previous > key ? previous : key;
                latestKey[cp] = key;
                return (Line: line, Key: key, Index: index);
            })
            .OrderBy(r => r.Key).ThenBy(r => r.Index)
            .Select(r => r.Line)
            .ToList();
        Assert.NotEqual(ordered, shuffled);
        // Two records far behind the others: later than the lateness allows.
        var last = TimeOf(ordered[^1]);
        shuffled.Add(Heartbeat(last.AddMinutes(-30), "CP-LATE-1"));
        shuffled.Add(Heartbeat(last.AddMinutes(-45), "CP-LATE-2"));
        File.WriteAllLines(dir.File("shuffled.jsonl"), shuffled);

        var fromOrdered = await ReplayAsync(Path.Combine(sim, "capture.jsonl"), dir.File("ordered-out"));
        var fromShuffled = await ReplayAsync(dir.File("shuffled.jsonl"), dir.File("shuffled-out"));

        foreach (var file in new[] { "signals.jsonl", "outages.csv", "uptime.csv" })
        {
            Assert.Equal(File.ReadAllText(Path.Combine(fromOrdered, file)), File.ReadAllText(Path.Combine(fromShuffled, file)));
        }

        Assert.Empty(File.ReadAllLines(Path.Combine(fromOrdered, "late.jsonl")));
        var late = File.ReadAllLines(Path.Combine(fromShuffled, "late.jsonl")).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("cp").GetString()).Order().ToList();
        Assert.Equal(["CP-LATE-1", "CP-LATE-2"], late);
    }

    private static async Task<string> ReplayAsync(string capture, string output)
    {
        var replay = await TelemetryProcess.RunAsync("replay", capture, "--out", output);
        Assert.True(replay.ExitCode == 0, replay.ToString());
        return output;
    }

    private static DateTimeOffset TimeOf(string line) =>
        DateTimeOffset.Parse(JsonDocument.Parse(line).RootElement.GetProperty("ts").GetString()!, CultureInfo.InvariantCulture);

    private static string ChargePointOf(string line) => JsonDocument.Parse(line).RootElement.GetProperty("cp").GetString()!;

    private static string Heartbeat(DateTimeOffset time, string cp) =>
        $"{{\"ts\":\"{time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)}\",\"cp\":\"{cp}\",\"dir\":\"rx\",\"msg\":[2,\"late-{cp}\",\"Heartbeat\",{{}}]}}";
}
