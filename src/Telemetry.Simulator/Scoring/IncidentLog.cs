using System.Globalization;
using System.Text.Json;

namespace Telemetry.Simulator.Scoring;

/// <summary>Reads incidents.jsonl (schemas/topics/incidents.schema.json) into incidents, their records grouped by <c>data.incident</c>.</summary>
public static class IncidentLog
{
    private const string TypePrefix = "uptime.incident.";

    /// <exception cref="FormatException">A line is not an incident record.</exception>
    public static IReadOnlyList<ScoredIncident> Read(string path)
    {
        using var reader = new StreamReader(path);
        return Read(reader);
    }

    /// <exception cref="FormatException">A line is not an incident record.</exception>
    public static IReadOnlyList<ScoredIncident> Read(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var order = new List<string>();
        var records = new Dictionary<string, Builder>(StringComparer.Ordinal);
        JsonLinesRecords.ForEach(reader, "incidents", root =>
        {
            var type = root.GetProperty("type").GetString()!;
            if (!type.StartsWith(TypePrefix, StringComparison.Ordinal))
            {
                throw new FormatException("type must start with " + TypePrefix);
            }

            var data = root.GetProperty("data");
            var id = data.GetProperty("incident").GetString()!;
            if (!records.TryGetValue(id, out var builder))
            {
                builder = new Builder();
                records.Add(id, builder);
                order.Add(id);
            }

            builder.ChargePoint ??= Optional(data, "cp");
            builder.Site ??= Optional(data, "site");
            builder.Connectors = data.TryGetProperty("connectors", out var connectors)
                ? [.. connectors.EnumerateArray().Select(c => c.GetInt32())]
                : builder.Connectors;
            if (data.TryGetProperty("chargers", out var chargers))
            {
                foreach (var charger in chargers.EnumerateArray())
                {
                    builder.Chargers.Add(charger.GetString()!);
                }
            }

            var answers = data.GetProperty("answers");
            var time = DateTimeOffset.Parse(root.GetProperty("time").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            builder.Records.Add(new IncidentSnapshot(
                time.ToUnixTimeMilliseconds(),
                type[TypePrefix.Length..],
                data.GetProperty("scope").GetString()!,
                data.GetProperty("cause").GetString()!,
                data.GetProperty("recovery").GetString()!,
                data.GetProperty("owner").GetString()!,
                data.GetProperty("reason").GetString()!,
                answers.GetProperty("repeats_7d").GetInt32(),
                answers.GetProperty("field_candidate").GetBoolean()));
        });

        return [.. order.Select(id => records[id].Build(id))];
    }

    private static string? Optional(JsonElement data, string name) =>
        data.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private sealed class Builder
    {
        public string? ChargePoint { get; set; }

        public string? Site { get; set; }

        public IReadOnlyList<int> Connectors { get; set; } = [];

        public SortedSet<string> Chargers { get; } = new(StringComparer.Ordinal);

        public List<IncidentSnapshot> Records { get; } = [];

        public ScoredIncident Build(string id)
        {
            if (ChargePoint is { } cp)
            {
                Chargers.Add(cp);
            }

            return new ScoredIncident(id, ChargePoint, Site, Connectors, [.. Chargers], Records);
        }
    }
}
