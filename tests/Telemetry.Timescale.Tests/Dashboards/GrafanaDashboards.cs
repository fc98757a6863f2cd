using System.Text.Json;

namespace Telemetry.Timescale.Tests.Dashboards;

/// <summary>The Grafana dashboards in ops/grafana/dashboards of this repository, and their queries.</summary>
public static class GrafanaDashboards
{
    public static string Folder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Telemetry.sln")))
            {
                return Path.Combine(dir.FullName, "ops", "grafana", "dashboards");
            }
        }

        throw new InvalidOperationException("Telemetry.sln not found above " + AppContext.BaseDirectory);
    }

    public static IReadOnlyList<string> Files()
    {
        var files = Directory.GetFiles(Folder(), "*.json");
        Array.Sort(files, StringComparer.Ordinal);
        return files;
    }

    /// <summary>Every rawSql target of every panel (rows' nested panels included) of every dashboard.</summary>
    public static IReadOnlyList<DashboardQuery> SqlQueries()
    {
        var queries = new List<DashboardQuery>();
        foreach (var file in Files())
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file));
            var dashboard = document.RootElement.GetProperty("title").GetString()!;
            Collect(dashboard, document.RootElement, queries);
        }

        return queries;
    }

    /// <summary>Dashboard title, panel title and refId of every SQL query, as theory data.</summary>
    public static TheoryData<string, string, string> SqlQueryNames()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var query in SqlQueries())
        {
            data.Add(query.Dashboard, query.Panel, query.RefId);
        }

        return data;
    }

    private static void Collect(string dashboard, JsonElement parent, List<DashboardQuery> queries)
    {
        if (!parent.TryGetProperty("panels", out var panels))
        {
            return;
        }

        foreach (var panel in panels.EnumerateArray())
        {
            var title = panel.GetProperty("title").GetString()!;
            if (panel.TryGetProperty("targets", out var targets))
            {
                foreach (var target in targets.EnumerateArray())
                {
                    if (target.TryGetProperty("rawSql", out var sql))
                    {
                        queries.Add(new DashboardQuery(dashboard, title, target.GetProperty("refId").GetString()!, sql.GetString()!));
                    }
                }
            }

            Collect(dashboard, panel, queries);
        }
    }
}
