using System.Text.Json;
using Telemetry.Files.DeadLetters;
using Telemetry.Ocpp.Events;
using Telemetry.Ocpp.Rejects;
using Telemetry.Ocpp.Text;

namespace Telemetry.Cli.Commands;

/// <summary>
/// Writes normalised events as JSON Lines for <c>telemetry parse</c> (fields in
/// schemas/events/parsed-event.schema.json) and hands rejected records to the dead-letter writer.
/// </summary>
internal sealed class ParsedEventWriter : IDisposable
{
    private readonly Stream _events;
    private readonly Utf8JsonWriter _eventWriter;
    private readonly DeadLetterWriter _deadLetters;
    private readonly ChargerRegistry _chargers;
    private readonly string _source;

    public ParsedEventWriter(Stream events, DeadLetterWriter deadLetters, ChargerRegistry chargers, string source)
    {
        _events = new BufferedStream(events, 64 * 1024);
        _eventWriter = new Utf8JsonWriter(_events);
        _deadLetters = deadLetters;
        _chargers = chargers;
        _source = source;
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

        w.WriteEndObject();
        w.Flush();
        _events.WriteByte((byte)'\n');
        w.Reset();
    }

    public void Reject(RejectReason reason, long line, long offset, ReadOnlySpan<byte> raw) =>
        _deadLetters.Write(reason, _source, line, offset, raw);

    public void Dispose()
    {
        _eventWriter.Dispose();
        _events.Flush();
    }
}
