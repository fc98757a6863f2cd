using System.Text.Json;
using Telemetry.Ocpp.Events;
using Telemetry.Ocpp.Text;

namespace Telemetry.Files.Events;

/// <summary>
/// Writes normalised events as JSON Lines, one object per event with the fields of
/// schemas/events/parse-output.schema.json (<c>telemetry parse</c>, <c>late.jsonl</c>).
/// </summary>
public sealed class EventJsonLinesWriter : IDisposable
{
    private readonly Stream _events;
    private readonly Utf8JsonWriter _eventWriter;
    private readonly ChargerRegistry _chargers;
    private readonly TextCodeRegistry _texts;

    public EventJsonLinesWriter(Stream events, ChargerRegistry chargers, TextCodeRegistry texts)
    {
        _events = new BufferedStream(events, 64 * 1024);
        _eventWriter = new Utf8JsonWriter(_events);
        _chargers = chargers;
        _texts = texts;
    }

    public long Events { get; private set; }

    public void Write(in TelemetryEvent e)
    {
        Events++;
        var w = _eventWriter;
        w.WriteStartObject();
        w.WriteString("ts"u8, Rfc3339.Format(e.TimestampMs));
        w.WriteString("cp"u8, _chargers.Utf8NameOf(e.Charger));
        w.WriteString("kind"u8, e.Kind.ToString());
        w.WriteString("origin"u8, e.IsFromCharger ? "charger"u8 : "csms"u8);
        w.WriteString("version"u8, e.Version.ToString());
        if (e.Kind == EventKind.Status)
        {
            w.WriteNumber("port"u8, e.Port);
            w.WriteNumber("connector"u8, e.Connector);
            w.WriteString("status"u8, e.Status.ToString());
            w.WriteString("error"u8, e.Error.ToString());
        }

        if (e.Kind == EventKind.BootResult)
        {
            w.WriteString("registration"u8, ((RegistrationStatus)e.Detail).ToString());
            w.WriteNumber("interval"u8, e.Value);
        }
        else if (e.Kind is not (EventKind.Status or EventKind.Heartbeat or EventKind.Connected or EventKind.Disconnected or EventKind.Unknown))
        {
            WriteDetails(w, e);
        }

        var text = _texts.Utf8TextOf(e.TextCode);
        if (!text.IsEmpty)
        {
            w.WriteString("text"u8, text);
        }

        w.WriteEndObject();
        w.Flush();
        _events.WriteByte((byte)'\n');
        w.Reset();
    }

    public void Dispose()
    {
        _eventWriter.Dispose();
        _events.Flush();
    }

    /// <summary>The kind-specific fields, named as schemas/events/telemetry-event-v1.md names them.</summary>
    private static void WriteDetails(Utf8JsonWriter w, in TelemetryEvent e)
    {
        w.WriteNumber("port"u8, e.Port);
        w.WriteNumber("connector"u8, e.Connector);
        w.WriteNumber("value"u8, e.Value);
        w.WriteNumber("value2"u8, e.Value2);
        var (detail, reason) = e.Kind switch
        {
            EventKind.Boot => (((BootReason)e.Detail).ToString(), null),
            EventKind.SessionStarted or EventKind.SessionUpdated or EventKind.SessionStopped when e.Version >= OcppVersion.V201 =>
                (((TriggerReason)e.Detail).ToString(), ((StopReason)e.Reason).ToString()),
            EventKind.SessionStopped => (((StopReason)e.Detail).ToString(), null),
            EventKind.AuthResult => (((AuthorizationStatus)e.Detail).ToString(), ((AuthContext)e.Reason).ToString()),
            EventKind.Meter => (((Measurand)e.Detail).ToString(), null),
            EventKind.ResetRequested => (((ResetType)e.Detail).ToString(), null),
            EventKind.ResetResult or EventKind.CommandResult => (((CommandStatus)e.Detail).ToString(), ((CommandAction)e.Reason).ToString()),
            EventKind.Command => (((CommandAction)e.Detail).ToString(), ((AvailabilityType)e.Reason).ToString()),
            EventKind.Firmware => (((FirmwareStatus)e.Detail).ToString(), null),
            EventKind.Diagnostics => (((DiagnosticsStatus)e.Detail).ToString(), null),
            EventKind.Alert => (((AlertTrigger)e.Detail).ToString(), null),
            EventKind.CallError => (((CallErrorCode)e.Detail).ToString(), ((CommandAction)e.Reason).ToString()),
            _ => ((string?)null, (string?)null),
        };
        if (detail is not null)
        {
            w.WriteString("detail"u8, detail);
        }

        if (reason is not null)
        {
            w.WriteString("reason"u8, reason);
        }

        if (e.Status != ConnectorStatus.None)
        {
            w.WriteString("status"u8, e.Status.ToString());
        }

        if (e.Offline)
        {
            w.WriteBoolean("offline"u8, true);
        }

        if (e.Cleared)
        {
            w.WriteBoolean("cleared"u8, true);
        }
    }
}
