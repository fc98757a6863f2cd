using Apache.Arrow;
using Apache.Arrow.Ipc;
using Telemetry.Cli.Tests.Support;
using Telemetry.Testing;

namespace Telemetry.Cli.Tests;

/// <summary><c>replay --timescale</c> and <c>migrate</c> against the real PostgreSQL that ops/test.sh starts.</summary>
public sealed class ReplayDatabaseTests
{
    [Fact]
    public async Task Replay_WritesTheSameRollupsToTheDatabase_AsToTheArrowFiles()
    {
        await using var database = await ThrowawayDatabase.CreateAsync();
        using var dir = new TempDirectory();
        Assert.Equal(0, (await TelemetryProcess.RunAsync("simulate", "--chargers", "6", "--sites", "2", "--days", "1", "--seed", "2", "--out", dir.File("sim"))).ExitCode);

        var migrate = await TelemetryProcess.RunAsync("migrate", "--timescale", database.ConnectionString);
        Assert.True(migrate.ExitCode == 0, migrate.ToString());
        Assert.Contains("schema at version", migrate.Stdout, StringComparison.Ordinal);
        var replay = await TelemetryProcess.RunAsync("replay", dir.File("sim/capture.jsonl"), "--out", dir.File("out"), "--timescale", database.ConnectionString);

        Assert.True(replay.ExitCode == 0, replay.ToString());
        var (rows, downMs) = await ReadArrowAsync(dir.File("out/rollups"));
        Assert.True(rows > 0);
        Assert.Equal(rows, await database.ScalarAsync<long>("SELECT count(*) FROM connector_minute"));
        Assert.Equal(downMs, await database.ScalarAsync<long>("SELECT coalesce(sum(down_ms), 0)::bigint FROM connector_minute"));
        Assert.True(downMs > 0, "the simulated faults should leave down time");
    }

    [Fact]
    public async Task Replay_UsesTheConnectionStringFromTheEnvironment_WhenNoOptionIsGiven()
    {
        await using var database = await ThrowawayDatabase.CreateAsync();
        using var dir = new TempDirectory();
        await File.WriteAllLinesAsync(dir.File("capture.jsonl"),
        [
            """{"ts":"2026-03-01T00:00:00.000Z","cp":"CP-1","dir":"rx","msg":[2,"1","StatusNotification",{"connectorId":1,"errorCode":"NoError","status":"Available"}]}""",
            """{"ts":"2026-03-01T00:03:30.000Z","cp":"CP-1","dir":"rx","msg":[2,"2","Heartbeat",{}]}""",
        ]);

        var replay = await TelemetryProcess.RunAsync(
            new Dictionary<string, string> { ["TELEMETRY_Timescale__ConnectionString"] = database.ConnectionString },
            "replay", dir.File("capture.jsonl"), "--out", dir.File("out"));

        Assert.True(replay.ExitCode == 0, replay.ToString());
        // Minutes 0, 1 and 2 are up; the input ends half-way through minute 3, whose rest is unknown.
        Assert.Equal(4L, await database.ScalarAsync<long>("SELECT count(*) FROM connector_minute"));
        Assert.Equal(3L * 60_000, await database.ScalarAsync<long>("SELECT sum(up_ms)::bigint FROM connector_minute WHERE minute < '2026-03-01T00:03:00Z'"));
        Assert.Equal(30_000, await database.ScalarAsync<int>("SELECT up_ms FROM connector_minute WHERE minute = '2026-03-01T00:03:00Z'"));
        Assert.Equal(30_000, await database.ScalarAsync<int>("SELECT unknown_ms FROM connector_minute WHERE minute = '2026-03-01T00:03:00Z'"));
    }

    private static async Task<(long Rows, long DownMs)> ReadArrowAsync(string directory)
    {
        long rows = 0, down = 0;
        foreach (var file in Directory.GetFiles(directory, "connector_minute-*.arrow"))
        {
            await using var stream = File.OpenRead(file);
            using var reader = new ArrowFileReader(stream);
            while (await reader.ReadNextRecordBatchAsync() is { } batch)
            {
                using (batch)
                {
                    rows += batch.Length;
                    var column = (Int32Array)batch.Column("down_ms");
                    for (var i = 0; i < column.Length; i++)
                    {
                        down += column.GetValue(i) ?? 0;
                    }
                }
            }
        }

        return (rows, down);
    }
}
