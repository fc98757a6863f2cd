using System.Text.Json;

namespace Telemetry.Files.JsonLines;

/// <summary>Writes a JSON Lines file (the <c>*.jsonl</c> outputs of DESIGN §2.3): one object per record, in the order given, each ended by a line feed.</summary>
public static class JsonLinesFile
{
    public static void Write<T>(string path, IEnumerable<T> records, Action<Utf8JsonWriter, T> write)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(write);
        using var stream = File.Create(path);
        using var writer = new Utf8JsonWriter(stream);
        foreach (var record in records)
        {
            write(writer, record);
            writer.Flush();
            stream.WriteByte((byte)'\n');
            writer.Reset();
        }
    }
}
