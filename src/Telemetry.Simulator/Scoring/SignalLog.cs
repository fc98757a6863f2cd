using System.Globalization;

namespace Telemetry.Simulator.Scoring;

/// <summary>
/// Reads signals.jsonl (schemas/topics/signals.schema.json) into raised signals, each paired with
/// the first later clear of the same type, charger and connector.
/// </summary>
public static class SignalLog
{
    /// <exception cref="FormatException">A line is not a signal.</exception>
    public static IReadOnlyList<ScoredSignal> Read(string path)
    {
        using var reader = new StreamReader(path);
        return Read(reader);
    }

    /// <exception cref="FormatException">A line is not a signal.</exception>
    public static IReadOnlyList<ScoredSignal> Read(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var raised = new List<ScoredSignal>();
        var open = new Dictionary<(string Type, string Cp, int? Port), int>();
        JsonLinesRecords.ForEach(reader, "signals", root =>
        {
            var type = root.GetProperty("type").GetString()!;
            var cp = root.GetProperty("cp").GetString()!;
            int? port = root.TryGetProperty("connector", out var connector) ? connector.GetInt32() : null;
            var ts = DateTimeOffset.Parse(root.GetProperty("ts").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUnixTimeMilliseconds();
            var key = (type, cp, port);
            switch (root.GetProperty("state").GetString())
            {
                case "raised":
                    open[key] = raised.Count;
                    raised.Add(new ScoredSignal(
                        type, cp, port, root.TryGetProperty("site", out var site) ? site.GetString() : null,
                        root.GetProperty("scope").GetString()!, ts, null));
                    break;
                case "cleared":
                    if (open.Remove(key, out var index))
                    {
                        raised[index] = raised[index] with { ClearedMs = ts };
                    }

                    break;
                default:
                    throw new FormatException("state must be raised or cleared");
            }
        });

        return raised;
    }
}
