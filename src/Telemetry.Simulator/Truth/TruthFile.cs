using System.Globalization;
using System.Text.Json;
using Telemetry.Simulator.Capture;
using Telemetry.Simulator.Faults;

namespace Telemetry.Simulator.Truth;

/// <summary>
/// Reads and writes truth.json:
/// <c>{"seed","start","end","heartbeat_interval_s","chargers","sites","faults":[{"id","kind","cp","site","port","start","end","minutes"}],"planned_resets":[{"cp","ts"}]}</c>,
/// times in RFC 3339 UTC, <c>port</c> null for whole-charger faults. A comms_flapping fault adds
/// <c>"disconnects"</c> and a reset_loop <c>"boots"</c> after <c>"minutes"</c>. Reading accepts a
/// file without <c>planned_resets</c>.
/// </summary>
public static class TruthFile
{
    private const string OfflineName = "offline";
    private const string ConnectorFaultedName = "connector_faulted";
    private const string CommsFlappingName = "comms_flapping";
    private const string ResetLoopName = "reset_loop";

    public static void Write(SimulationTruth truth, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(destination);

        using var writer = new Utf8JsonWriter(destination, new JsonWriterOptions { Indented = true });
        writer.WriteStartObject();
        writer.WriteNumber("seed"u8, truth.Seed);
        WriteTime(writer, "start"u8, truth.Start);
        WriteTime(writer, "end"u8, truth.End);
        writer.WriteNumber("heartbeat_interval_s"u8, truth.HeartbeatIntervalSeconds);
        writer.WriteNumber("chargers"u8, truth.Chargers);
        writer.WriteNumber("sites"u8, truth.Sites);
        writer.WriteStartArray("faults"u8);
        foreach (var fault in truth.Faults)
        {
            writer.WriteStartObject();
            writer.WriteString("id"u8, fault.Id);
            writer.WriteString("kind"u8, KindName(fault.Kind));
            writer.WriteString("cp"u8, fault.ChargePoint);
            writer.WriteString("site"u8, fault.Site);
            if (fault.Port is { } port)
            {
                writer.WriteNumber("port"u8, port);
            }
            else
            {
                writer.WriteNull("port"u8);
            }

            WriteTime(writer, "start"u8, fault.Start);
            WriteTime(writer, "end"u8, fault.End);
            writer.WriteNumber("minutes"u8, fault.Minutes);
            if (fault.Disconnects is { } disconnects)
            {
                writer.WriteNumber("disconnects"u8, disconnects);
            }

            if (fault.Boots is { } boots)
            {
                writer.WriteNumber("boots"u8, boots);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("planned_resets"u8);
        foreach (var reset in truth.PlannedResets)
        {
            writer.WriteStartObject();
            writer.WriteString("cp"u8, reset.ChargePoint);
            WriteTime(writer, "ts"u8, reset.Time);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.Flush();
        destination.WriteByte((byte)'\n');
    }

    public static SimulationTruth Read(string path)
    {
        using var stream = File.OpenRead(path);
        return Read(stream);
    }

    /// <exception cref="FormatException">The content is not a truth file.</exception>
    public static SimulationTruth Read(Stream source)
    {
        try
        {
            using var document = JsonDocument.Parse(source);
            var root = document.RootElement;
            var faultsElement = root.GetProperty("faults");
            var faults = new List<InjectedFault>(faultsElement.GetArrayLength());
            foreach (var item in faultsElement.EnumerateArray())
            {
                var port = item.GetProperty("port");
                faults.Add(new InjectedFault(
                    item.GetProperty("id").GetString()!,
                    ParseKind(item.GetProperty("kind").GetString()),
                    item.GetProperty("cp").GetString()!,
                    item.GetProperty("site").GetString()!,
                    port.ValueKind == JsonValueKind.Null ? null : port.GetInt32(),
                    ReadTime(item, "start"),
                    ReadTime(item, "end"),
                    ReadOptionalInt(item, "disconnects"),
                    ReadOptionalInt(item, "boots")));
            }

            var resets = new List<PlannedReset>();
            if (root.TryGetProperty("planned_resets", out var resetsElement))
            {
                foreach (var item in resetsElement.EnumerateArray())
                {
                    resets.Add(new PlannedReset(item.GetProperty("cp").GetString()!, ReadTime(item, "ts")));
                }
            }

            return new SimulationTruth(
                root.GetProperty("seed").GetInt32(),
                ReadTime(root, "start"),
                ReadTime(root, "end"),
                root.GetProperty("heartbeat_interval_s").GetInt32(),
                root.GetProperty("chargers").GetInt32(),
                root.GetProperty("sites").GetInt32(),
                faults)
            {
                PlannedResets = resets,
            };
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException("Not a valid truth file: " + exception.Message, exception);
        }
    }

    public static string KindName(FaultKind kind) => kind switch
    {
        FaultKind.Offline => OfflineName,
        FaultKind.ConnectorFaulted => ConnectorFaultedName,
        FaultKind.CommsFlapping => CommsFlappingName,
        FaultKind.ResetLoop => ResetLoopName,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static FaultKind ParseKind(string? name) => name switch
    {
        OfflineName => FaultKind.Offline,
        ConnectorFaultedName => FaultKind.ConnectorFaulted,
        CommsFlappingName => FaultKind.CommsFlapping,
        ResetLoopName => FaultKind.ResetLoop,
        _ => throw new FormatException($"Unknown fault kind '{name}'."),
    };

    private static void WriteTime(Utf8JsonWriter writer, ReadOnlySpan<byte> name, DateTimeOffset time)
    {
        Span<byte> buffer = stackalloc byte[Rfc3339.Length];
        Rfc3339.Format(time.ToUnixTimeMilliseconds(), buffer);
        writer.WriteString(name, buffer);
    }

    private static int? ReadOptionalInt(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value.GetInt32() : null;

    private static DateTimeOffset ReadTime(JsonElement element, string name) =>
        DateTimeOffset.Parse(element.GetProperty(name).GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
