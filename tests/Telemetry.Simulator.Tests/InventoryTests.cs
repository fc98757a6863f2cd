using Telemetry.Simulator.Faults;

namespace Telemetry.Simulator.Tests;

public class InventoryTests
{
    private static readonly SimulationOptions s_options = new() { Chargers = 9, Sites = 3, Days = 1, Seed = 5, Ocpp201Share = 0.5 };

    [Fact]
    public void WriteInventory_WritesHeaderAndOneRowPerCharger()
    {
        var run = SimulationRun.Generate(s_options);
        var lines = run.Inventory.Split('\n');

        Assert.Equal("cp,site,vendor,model,firmware,connectors,commissioned,decommissioned,rated_kw", lines[0]);
        Assert.Equal(string.Empty, lines[^1]);
        var rows = lines[1..^1].Select(l => l.Split(',')).ToList();
        Assert.Equal(s_options.Chargers, rows.Count);
        Assert.All(rows, r => Assert.Equal(9, r.Length));
        Assert.All(rows, r => Assert.True(int.TryParse(r[8], out var kw) && kw > 0, r[8]));
        Assert.Equal(Enumerable.Range(1, 9).Select(i => $"CP-{i:D6}"), rows.Select(r => r[0]));
        Assert.Equal(new[] { "SITE-001", "SITE-002", "SITE-003" }, rows.Select(r => r[1]).Distinct().Order());
        Assert.All(rows, r => Assert.True(DateOnly.TryParseExact(r[6], "yyyy-MM-dd", out var day) && day < new DateOnly(2026, 3, 1)));
    }

    [Fact]
    public void WriteInventory_MatchesPortsAndSitesSeenElsewhere()
    {
        var run = SimulationRun.Generate(s_options);
        var rows = run.Inventory.Split('\n')[1..^1].Select(l => l.Split(',')).ToDictionary(r => r[0]);

        // Ports as the capture announces them at boot: 2.0.1 EVSE ids, 1.6 connector ids above 0.
        var ports = new Dictionary<string, HashSet<int>>();
        foreach (var record in run.Records().Where(r => r.IsCall("StatusNotification")))
        {
            var port = record.Payload.TryGetProperty("evseId", out var evse)
                ? evse.GetInt32()
                : record.Payload.GetProperty("connectorId").GetInt32();
            if (port > 0)
            {
                (ports.TryGetValue(record.Cp, out var set) ? set : ports[record.Cp] = []).Add(port);
            }
        }

        foreach (var (cp, row) in rows)
        {
            var count = int.Parse(row[5]);
            Assert.InRange(count, 1, 2);
            Assert.Equal(Enumerable.Range(1, count), ports[cp].Order());
        }

        foreach (var fault in run.Truth.Faults)
        {
            Assert.Equal(rows[fault.ChargePoint][1], fault.Site);
            if (fault.Kind == FaultKind.ConnectorFaulted)
            {
                Assert.InRange(fault.Port!.Value, 1, int.Parse(rows[fault.ChargePoint][5]));
            }
        }
    }
}
