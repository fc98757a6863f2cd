using System.Text.Json;
using Telemetry.Ocpp.Events;
using Telemetry.Ocpp.Rejects;
using Telemetry.Ocpp.Text;

namespace Telemetry.Cli.Commands;

/// <summary>Writes normalised events and rejected records as JSON Lines for <c>telemetry parse</c>.</summary>
internal sealed class ParsedEventWriter : IDisposable
{
    private readonly Stream _events;
    private readonly Stream _rejects;
    private readonly Utf8JsonWriter _eventWriter;
    private readonly Utf8JsonWriter _rejectWriter;
    private readonly ChargerRegistry _chargers;
    private readonly string _source;

    public ParsedEventWriter(Stream events, Stream rejects, ChargerRegistry chargers, string source)
    {
        _events = new BufferedStream(events, 64 * 1024);
        _rejects = rejects;
        _eventWriter = new Utf8JsonWriter(_events);
        _rejectWriter = new Utf8JsonWriter(_rejects);
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
        EndLine(w, _events);
    }

    public void Reject(RejectReason reason, long line, long offset, ReadOnlySpan<byte> raw)
    {
        var w = _rejectWriter;
        w.WriteStartObject();
        w.WriteString("reason"u8, RejectReasonNames.Of(reason));
        w.WriteString("source"u8, _source);
        w.WriteNumber("line"u8, line);
        w.WriteNumber("offset"u8, offset);
        w.WriteBase64String("raw_base64"u8, raw);
        w.WriteEndObject();
        EndLine(w, _rejects);
    }

    public void Dispose()
    {
        _eventWriter.Dispose();
        _rejectWriter.Dispose();
        _events.Flush();
    }

    private static void EndLine(Utf8JsonWriter writer, Stream stream)
    {
        writer.Flush();
        stream.WriteByte((byte)'\n');
        writer.Reset();
    }
}
