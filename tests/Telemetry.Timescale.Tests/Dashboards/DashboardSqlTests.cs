using System.Globalization;
using System.Text.Json;

namespace Telemetry.Timescale.Tests.Dashboards;

/// <summary>
/// Every SQL query of the Grafana dashboards in ops/grafana/dashboards, macros expanded, runs on
/// a migrated database and answers the seeded fleet's figures. Run once per kind of database by
/// the derived classes.
/// </summary>
public abstract class DashboardSqlTests<TDatabase>(TDatabase database) : IClassFixture<TDatabase>
    where TDatabase : DashboardDatabase
{
    private const string Interval = "1h";

    [Theory]
    [MemberData(nameof(GrafanaDashboards.SqlQueryNames), MemberType = typeof(GrafanaDashboards))]
    public async Task RawSql_RunsWithoutError_OnMigratedDatabase(string dashboard, string panel, string refId)
    {
        var query = Assert.Single(GrafanaDashboards.SqlQueries(), q => q.Dashboard == dashboard && q.Panel == panel && q.RefId == refId);

        var rows = await RunAsync(query);

        Assert.NotNull(rows);
    }

    [Fact]
    public void SqlQueries_AreFound_InTheFleetUptimeDashboard()
    {
        var panels = GrafanaDashboards.SqlQueries().Where(q => q.Dashboard == "Fleet uptime").Select(q => q.Panel).ToList();

        Assert.Contains("NEVI uptime per port per month", panels);
        Assert.Contains("Worst sites", panels);
        Assert.Contains("Outages", panels);
        Assert.Contains("Open incidents", panels);
        Assert.Contains("Signals raised and not cleared", panels);
    }

    [Fact]
    public async Task FleetAvailability_IsTheUpShareOfTheSeededMinutes()
    {
        // Per minute: CP-A1 60 s up, CP-B1 30 s up and 30 s down → 90 / 120.
        var rows = await RunAsync(Panel("Fleet availability", "stat"));

        Assert.Equal(75m, Convert.ToDecimal(Assert.Single(rows)["availability %"], CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task WorstSites_PutsTheHalfDownSiteFirst()
    {
        var rows = await RunAsync(Panel("Worst sites", "table"));

        Assert.Equal(["SITE-B", "SITE-A"], rows.Select(r => (string)r["site"]!));
        Assert.Equal(50m, Convert.ToDecimal(rows[0]["availability %"], CultureInfo.InvariantCulture));
        Assert.Equal(60m, Convert.ToDecimal(rows[0]["down min"], CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task NeviUptimePerPortPerMonth_ListsEachPortOnceForMarch_WorstFirst()
    {
        var rows = await RunAsync(Panel("NEVI uptime per port per month", "table"));

        Assert.Equal(["CP-B1", "CP-A1"], rows.Select(r => (string)r["charger"]!));
        Assert.Equal([50m, 100m], rows.Select(r => Convert.ToDecimal(r["availability %"], CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task PortsUnder97_CountsTheHalfDownPort_InTheMonthOfTheRangeEnd()
    {
        var rows = await RunAsync(Panel("Ports under 97% in the last month of the range", "stat"));

        Assert.Equal(1L, Assert.Single(rows)["ports"]);
    }

    [Fact]
    public async Task OpenTables_ListOnlyWhatIsStillOpen()
    {
        var signals = await RunAsync(Panel("Signals raised and not cleared", "table"));
        var incidents = await RunAsync(Panel("Open incidents", "table"));
        var outages = await RunAsync(Panel("Outages", "table"));

        Assert.Equal("availability.outage", Assert.Single(signals)["type"]);
        Assert.Equal("inc-1", Assert.Single(incidents)["incident_id"]);
        Assert.Equal([DBNull.Value, (object)new DateTime(2025, 3, 1, 1, 0, 0, DateTimeKind.Utc)], outages.Select(r => r["end"]));
    }

    private static DashboardQuery Panel(string title, string type)
    {
        var file = GrafanaDashboards.Files().Single(f => f.EndsWith("fleet-uptime.json", StringComparison.Ordinal));
        using var document = JsonDocument.Parse(File.ReadAllText(file));
        var panel = document.RootElement.GetProperty("panels").EnumerateArray()
            .Single(p => p.GetProperty("title").GetString() == title && p.GetProperty("type").GetString() == type);
        var target = panel.GetProperty("targets")[0];
        return new DashboardQuery("Fleet uptime", title, target.GetProperty("refId").GetString()!, target.GetProperty("rawSql").GetString()!);
    }

    private async Task<List<Dictionary<string, object?>>> RunAsync(DashboardQuery query)
    {
        var sql = GrafanaSqlMacros.Expand(query.Text, DashboardDatabase.From, DashboardDatabase.To, Interval);
        await using var command = database.DataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<Dictionary<string, object?>>();
        while (await reader.ReadAsync())
        {
            var row = new Dictionary<string, object?>(StringComparer.Ordinal);
            for (var i = 0; i < reader.FieldCount; i++)
            {
                row[reader.GetName(i)] = reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }
}
