using System.Text.Json;
using Telemetry.Engine.Signals;
using Telemetry.Ocpp.Text;

namespace Telemetry.Files.Signals;

/// <summary>Writes a signal as the JSON object of DESIGN §2.3 <c>uptime.signals</c> (schema in schemas/topics/).</summary>
public static class SignalJsonWriter
{
    public static void Write(Utf8JsonWriter writer, Signal signal, string? site)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(signal);
        writer.WriteStartObject();
        writer.WriteString("type"u8, signal.Type);
        writer.WriteString("state"u8, signal.State == SignalState.Raised ? "raised"u8 : "cleared"u8);
        writer.WriteString("ts"u8, Rfc3339.Format(signal.TimestampMs));
        writer.WriteString("cp"u8, signal.ChargePoint);
        if (signal.Port is { } port)
        {
            writer.WriteNumber("connector"u8, port);
        }

        if (site is not null)
        {
            writer.WriteString("site"u8, site);
        }

        writer.WriteString("scope"u8, ScopeName(signal.Scope));
        writer.WriteStartObject("evidence"u8);
        var evidence = signal.Evidence;
        WriteIfSet(writer, "cause"u8, evidence.Cause);
        WriteIfSet(writer, "status"u8, evidence.Status);
        WriteIfSet(writer, "error_code"u8, evidence.ErrorCode);
        WriteIfSet(writer, "reason"u8, evidence.Reason);
        if (evidence.LastSeenMs is { } lastSeen)
        {
            writer.WriteString("last_seen"u8, Rfc3339.Format(lastSeen));
        }

        if (evidence.SinceMs is { } since)
        {
            writer.WriteString("since"u8, Rfc3339.Format(since));
        }

        if (evidence.DurationMinutes is { } minutes)
        {
            writer.WriteNumber("duration_minutes"u8, Math.Round(minutes, 3));
        }

        if (evidence.Count is { } count)
        {
            writer.WriteNumber("count"u8, count);
        }

        if (evidence.PlannedCount is { } planned)
        {
            writer.WriteNumber("planned_count"u8, planned);
        }

        if (evidence.WindowMinutes is { } window)
        {
            writer.WriteNumber("window_minutes"u8, Math.Round(window, 3));
        }

        if (evidence.FirstMs is { } first)
        {
            writer.WriteString("first"u8, Rfc3339.Format(first));
        }

        if (evidence.LastMs is { } last)
        {
            writer.WriteString("last"u8, Rfc3339.Format(last));
        }

        WriteIfSet(writer, "boot_reason"u8, evidence.BootReason);

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    public static string ScopeName(SignalScope scope) => scope switch
    {
        SignalScope.Connector => "connector",
        SignalScope.Charger => "charger",
        SignalScope.Site => "site",
        _ => "fleet",
    };

    private static void WriteIfSet(Utf8JsonWriter writer, ReadOnlySpan<byte> name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }
}
