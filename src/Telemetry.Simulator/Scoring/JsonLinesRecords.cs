using System.Text.Json;

namespace Telemetry.Simulator.Scoring;

/// <summary>Walks the records of an output JSON Lines file (signals.jsonl, incidents.jsonl) for scoring.</summary>
internal static class JsonLinesRecords
{
    /// <summary>Calls <paramref name="read"/> with the root of each non-empty line, in order.</summary>
    /// <param name="what">Names the file in errors, e.g. "signals".</param>
    /// <exception cref="FormatException">A line is not JSON, or lacks or mistypes what <paramref name="read"/> needs; the message names the line.</exception>
    public static void ForEach(TextReader reader, string what, Action<JsonElement> read)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(read);
        var number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (line.Length == 0)
            {
                continue;
            }

            try
            {
                using var document = JsonDocument.Parse(line);
                read(document.RootElement);
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                throw new FormatException($"{what} line {number}: {e.Message}", e);
            }
        }
    }
}
