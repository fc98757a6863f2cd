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
        WriteIfSet(writer, "vendor_error_code"u8, evidence.VendorErrorCode);
        WriteIfSet(writer, "alert"u8, evidence.Alert);
        WriteIfSet(writer, "week_count"u8, evidence.WeekCount);
        WriteIfSet(writer, "age_minutes"u8, evidence.AgeMinutes);
        WriteIfSet(writer, "firmware_status"u8, evidence.FirmwareStatus);
        WriteIfSet(writer, "request_id"u8, evidence.RequestId);
        WriteIfSet(writer, "power_kw"u8, evidence.PowerKw);
        WriteIfSet(writer, "rated_kw"u8, evidence.RatedKw);
        WriteIfSet(writer, "rating_source"u8, evidence.RatingSource);
        WriteIfSet(writer, "measurand"u8, evidence.Measurand);
        WriteIfSet(writer, "thermal"u8, evidence.Thermal);
        WriteIfSet(writer, "attempts"u8, evidence.Attempts);
        WriteIfSet(writer, "failed_starts"u8, evidence.FailedStarts);
        WriteIfSet(writer, "early_terminations"u8, evidence.EarlyTerminations);
        WriteIfSet(writer, "share"u8, evidence.Share);
        WriteIfSet(writer, "stop_reason"u8, evidence.StopReason);
        WriteIfSet(writer, "auth_status"u8, evidence.AuthStatus);
        WriteIfSet(writer, "backend_outage"u8, evidence.BackendOutage);
        WriteIfSet(writer, "chargers"u8, evidence.Chargers);
        WriteIfSet(writer, "sites"u8, evidence.Sites);
        WriteIfSet(writer, "restarts_tried"u8, evidence.RestartsTried);
        WriteIfSet(writer, "restarts_held"u8, evidence.RestartsHeld);

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

    private static void WriteIfSet(Utf8JsonWriter writer, ReadOnlySpan<byte> name, int? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
    }

    // Measured quantities (minutes, kW, shares) to three decimals: finer digits are noise, and
    // fixed rounding keeps the output byte-identical across runs.
    private static void WriteIfSet(Utf8JsonWriter writer, ReadOnlySpan<byte> name, double? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, Math.Round(number, 3));
        }
    }

    private static void WriteIfSet(Utf8JsonWriter writer, ReadOnlySpan<byte> name, bool? value)
    {
        if (value is { } flag)
        {
            writer.WriteBoolean(name, flag);
        }
    }
}
