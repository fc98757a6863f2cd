using System.Text.Json;
using Telemetry.Decide.Recovery;
using Telemetry.Files.JsonLines;
using Telemetry.Ocpp.Text;

namespace Telemetry.Files.Incidents;

/// <summary>
/// Writes remote-recovery requests and their outcomes for <c>uptime.commands</c> /
/// <c>commands.jsonl</c> (DESIGN §2.3, schema in schemas/topics/commands.schema.json).
/// </summary>
public static class CommandJsonWriter
{
    /// <summary>Writes one record per line, in the given order (the correlator's, which is deterministic).</summary>
    public static void WriteFile(string path, IEnumerable<CommandRecord> records) => JsonLinesFile.Write(path, records, Write);

    public static void Write(Utf8JsonWriter writer, CommandRecord record)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(record);
        writer.WriteStartObject();
        writer.WriteString("key"u8, record.Key);
        writer.WriteString("incident"u8, record.Incident);
        writer.WriteNumber("step"u8, record.StepNumber);
        writer.WriteString("kind"u8, RecoveryLadder.NameOf(record.Step));
        writer.WriteString("ts"u8, Rfc3339.Format(record.TimestampMs));
        writer.WriteString("requested"u8, Rfc3339.Format(record.RequestedMs));
        writer.WriteString("cp"u8, record.ChargePoint);
        if (record.Connector is { } connector)
        {
            writer.WriteNumber("connector"u8, connector);
        }

        writer.WriteString("action"u8, record.Action);
        writer.WriteString("argument"u8, record.Argument);
        writer.WriteString("guardrail"u8, record.Guardrail);
        writer.WriteString("status"u8, StatusOf(record.Outcome));
        if (record.Recovered is { } recovered)
        {
            writer.WriteBoolean("recovered"u8, recovered);
        }

        if (record.Held is { } held)
        {
            writer.WriteBoolean("held"u8, held);
        }

        writer.WriteEndObject();
    }

    public static string StatusOf(CommandOutcome outcome) => outcome switch
    {
        CommandOutcome.Requested => "requested",
        CommandOutcome.Accepted => "accepted",
        CommandOutcome.Rejected => "rejected",
        _ => "no_answer",
    };
}
