using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using Npgsql;
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

    [Fact]
    public async Task Replay_StoresIncidentsCommandsAndTheWholeInventory_AsTheFilesHoldThem_OnPostgres()
    {
        await using var database = await ThrowawayDatabase.CreateAsync();
        await AssertDecisionsAndInventoryStoredAsync(database.ConnectionString, database.DataSource);
    }

    [Fact]
    public async Task Replay_StoresIncidentsCommandsAndTheWholeInventory_AsTheFilesHoldThem_OnTimescale()
    {
        await using var database = await ThrowawayTimescale.CreateAsync();
        await AssertDecisionsAndInventoryStoredAsync(database.ConnectionString, database.DataSource);
    }

    /// <summary>
    /// Replays a simulated fleet whose inventory also lists a decommissioned charger absent from
    /// the capture; the tables must equal incidents.jsonl, commands.jsonl and the inventory, and a
    /// second replay of the same capture must change none of them.
    /// </summary>
    private static async Task AssertDecisionsAndInventoryStoredAsync(string connectionString, NpgsqlDataSource dataSource)
    {
        using var dir = new TempDirectory();
        Assert.Equal(0, (await TelemetryProcess.RunAsync("simulate", "--chargers", "12", "--sites", "3", "--days", "2", "--seed", "3", "--faults", "all", "--out", dir.File("sim"))).ExitCode);
        var inventory = dir.File("sim/inventory.csv");
        var header = (await File.ReadAllLinesAsync(inventory))[0].Split(',');
        var retired = header.Select(column => column switch
        {
            "cp" => "RETIRED-1",
            "site" => "S-RETIRED",
            "decommissioned" => "2025-12-31T00:00:00Z",
            "rated_kw" => "150.5",
            _ => string.Empty,
        });
        await File.AppendAllTextAsync(inventory, string.Join(',', retired) + "\n");
        var inventoryRows = (await File.ReadAllLinesAsync(inventory)).Skip(1).Count(line => line.Length > 0);

        string[] args = ["replay", dir.File("sim/capture.jsonl"), "--inventory", inventory, "--out", dir.File("out"), "--timescale", connectionString];
        var replay = await TelemetryProcess.RunAsync(args);
        Assert.True(replay.ExitCode == 0, replay.ToString());

        var events = (await File.ReadAllLinesAsync(dir.File("out/incidents.jsonl"))).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var commands = (await File.ReadAllLinesAsync(dir.File("out/commands.jsonl"))).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.NotEmpty(events);
        Assert.NotEmpty(commands);

        var storedEvents = await QueryAsync(dataSource, "SELECT id, type, time, data::text FROM incident_events",
            r => (Id: r.GetString(0), Type: r.GetString(1), Time: r.GetFieldValue<DateTimeOffset>(2), Data: r.GetString(3)));
        Assert.Equal(events.Count, storedEvents.Count);
        var eventsById = storedEvents.ToDictionary(e => e.Id);
        foreach (var line in events)
        {
            var stored = eventsById[line.GetProperty("id").GetString()!];
            Assert.Equal(line.GetProperty("type").GetString(), stored.Type);
            Assert.Equal(DateTimeOffset.Parse(line.GetProperty("time").GetString()!, System.Globalization.CultureInfo.InvariantCulture), stored.Time);
            Assert.True(JsonElement.DeepEquals(line.GetProperty("data"), JsonDocument.Parse(stored.Data).RootElement), stored.Id);
        }

        var latest = events.GroupBy(e => e.GetProperty("data").GetProperty("incident").GetString()!).ToDictionary(g => g.Key, g => g.Last());
        var storedIncidents = await QueryAsync(dataSource, "SELECT incident_id, updated_at, status, owner FROM incidents",
            r => (Id: r.GetString(0), UpdatedAt: r.GetFieldValue<DateTimeOffset>(1), Status: r.GetString(2), Owner: r.GetString(3)));
        Assert.Equal(latest.Count, storedIncidents.Count);
        foreach (var incident in storedIncidents)
        {
            var line = latest[incident.Id];
            Assert.Equal(line.GetProperty("type").GetString(), "uptime.incident." + incident.Status);
            Assert.Equal(DateTimeOffset.Parse(line.GetProperty("time").GetString()!, System.Globalization.CultureInfo.InvariantCulture), incident.UpdatedAt);
            Assert.Equal(line.GetProperty("data").GetProperty("owner").GetString(), incident.Owner);
        }

        var lastPerKey = commands.GroupBy(c => c.GetProperty("key").GetString()!).ToDictionary(g => g.Key, g => g.Last());
        var storedCommands = await QueryAsync(dataSource, "SELECT idempotency_key, payload::text FROM commands", r => (Key: r.GetString(0), Payload: r.GetString(1)));
        Assert.Equal(lastPerKey.Count, storedCommands.Count);
        foreach (var command in storedCommands)
        {
            Assert.True(JsonElement.DeepEquals(lastPerKey[command.Key], JsonDocument.Parse(command.Payload).RootElement), command.Key);
        }

        var storedInventory = await QueryAsync(dataSource, "SELECT cp, site, decommissioned FROM inventory", r => (Cp: r.GetString(0), Site: r.GetString(1), Decommissioned: r.IsDBNull(2) ? (DateTimeOffset?)null : r.GetFieldValue<DateTimeOffset>(2)));
        Assert.Equal(inventoryRows, storedInventory.Count);
        Assert.Contains(("RETIRED-1", "S-RETIRED", (DateTimeOffset?)new DateTimeOffset(2025, 12, 31, 0, 0, 0, TimeSpan.Zero)), storedInventory);
        var ratedColumn = System.Array.IndexOf(header, "rated_kw");
        var ratedInCsv = (await File.ReadAllLinesAsync(inventory)).Skip(1).Where(line => line.Length > 0).Select(line => line.Split(','))
            .ToDictionary(fields => fields[0], fields => double.Parse(fields[ratedColumn], System.Globalization.CultureInfo.InvariantCulture));
        var storedRated = await QueryAsync(dataSource, "SELECT cp, rated_kw FROM inventory", r => (Cp: r.GetString(0), RatedKw: r.GetDouble(1)));
        Assert.Equal(150.5, ratedInCsv["RETIRED-1"]);
        Assert.All(storedRated, row => Assert.Equal(ratedInCsv[row.Cp], row.RatedKw));

        var before = await SnapshotAsync(dataSource);
        var again = await TelemetryProcess.RunAsync(args);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(before, await SnapshotAsync(dataSource));
    }

    /// <summary>The decision and inventory tables as text, row versions (xmin) included: a rewritten row shows.</summary>
    private static Task<List<string>> SnapshotAsync(NpgsqlDataSource dataSource) => QueryAsync(dataSource, """
        SELECT 'e' || t.xmin || t::text FROM incident_events t
        UNION ALL SELECT 'i' || t.xmin || t::text FROM incidents t
        UNION ALL SELECT 'c' || t.xmin || t::text FROM commands t
        UNION ALL SELECT 'v' || t.xmin || t::text FROM inventory t
        ORDER BY 1
        """, r => r.GetString(0));

    private static async Task<List<T>> QueryAsync<T>(NpgsqlDataSource dataSource, string sql, Func<NpgsqlDataReader, T> read)
    {
        var rows = new List<T>();
        await using var command = dataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }

        return rows;
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
