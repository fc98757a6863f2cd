using System.Text.Json;
using Telemetry.Decide.Incidents;
using Telemetry.Decide.Policy;
using Telemetry.Files.JsonLines;
using Telemetry.Ocpp.Text;

namespace Telemetry.Files.Incidents;

/// <summary>
/// Writes incident records as CloudEvents 1.0 JSON (structured mode) for <c>uptime.incidents</c> /
/// <c>incidents.jsonl</c> (DESIGN §2.3, schema in schemas/topics/incidents.schema.json).
/// </summary>
public static class IncidentJsonWriter
{
    /// <summary>The CloudEvents <c>source</c> of every incident record.</summary>
    public const string Source = "urn:telemetry:correlator";

    /// <summary>Writes one record per line, in the given order (the correlator's, which is deterministic).</summary>
    public static void WriteFile(string path, IEnumerable<IncidentRecord> records) => JsonLinesFile.Write(path, records, Write);

    public static void Write(Utf8JsonWriter writer, IncidentRecord record)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(record);
        writer.WriteStartObject();
        writer.WriteString("specversion"u8, "1.0"u8);
        writer.WriteString("id"u8, record.EventId);
        writer.WriteString("source"u8, Source);
        writer.WriteString("type"u8, TypeOf(record.State));
        writer.WriteString("time"u8, Rfc3339.Format(record.TimestampMs));
        writer.WriteString("subject"u8, record.Subject);
        writer.WriteString("datacontenttype"u8, "application/json"u8);
        writer.WriteStartObject("data"u8);
        writer.WriteString("incident"u8, record.Incident);
        writer.WriteString("scope"u8, PolicyNames.Of(record.Scope));
        writer.WriteString("cause"u8, PolicyNames.Of(record.Cause));
        writer.WriteString("recovery"u8, PolicyNames.Of(record.Recovery));
        writer.WriteString("owner"u8, PolicyNames.Of(record.Owner));
        WriteIfSet(writer, "cp"u8, record.ChargePoint);
        WriteIfSet(writer, "site"u8, record.Site);
        if (record.Connectors.Count > 0)
        {
            writer.WriteStartArray("connectors"u8);
            foreach (var connector in record.Connectors)
            {
                writer.WriteNumberValue(connector);
            }

            writer.WriteEndArray();
        }

        if (record.ChargePoint is null && record.Chargers.Count > 0)
        {
            writer.WriteStartArray("chargers"u8);
            foreach (var charger in record.Chargers)
            {
                writer.WriteStringValue(charger);
            }

            writer.WriteEndArray();
        }

        WriteIfSet(writer, "model"u8, record.Model);
        WriteIfSet(writer, "firmware"u8, record.Firmware);
        if (record.DeadlineMs is { } deadline)
        {
            writer.WriteString("deadline"u8, Rfc3339.Format(deadline));
        }

        writer.WriteString("evidence"u8, record.Evidence);
        writer.WriteString("reason"u8, record.Reason);
        WriteAnswers(writer, record.Answers);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    public static string TypeOf(IncidentState state) => state switch
    {
        IncidentState.Opened => "uptime.incident.opened",
        IncidentState.Updated => "uptime.incident.updated",
        IncidentState.RecoveryRequested => "uptime.incident.recovery_requested",
        IncidentState.Escalated => "uptime.incident.escalated",
        _ => "uptime.incident.resolved",
    };

    private static void WriteAnswers(Utf8JsonWriter writer, IncidentAnswers answers)
    {
        writer.WriteStartObject("answers"u8);
        writer.WriteNumber("repeats_7d"u8, answers.RepeatsLast7Days);
        writer.WriteString("extent"u8, answers.Extent);
        writer.WriteNumber("other_chargers_at_site"u8, answers.OtherChargersAtSiteAffected);
        writer.WriteStartObject("remote_restarts"u8);
        writer.WriteNumber("tried"u8, answers.RemoteRestartsTried);
        writer.WriteNumber("held"u8, answers.RemoteRestartsHeld);
        writer.WriteEndObject();
        writer.WriteString("layer"u8, PolicyNames.Of(answers.Layer));
        writer.WriteBoolean("field_candidate"u8, answers.FieldCandidate);
        writer.WriteEndObject();
    }

    private static void WriteIfSet(Utf8JsonWriter writer, ReadOnlySpan<byte> name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }
}
