using System.Text.Json;
using System.Text.Unicode;
using Telemetry.Ocpp.Rejects;

namespace Telemetry.Files.DeadLetters;

/// <summary>
/// Writes <c>deadletter.jsonl</c> (DESIGN §2.3): one object per unusable input record with its
/// reason code, position and raw bytes — as text when they are UTF-8, else base64.
/// </summary>
public sealed class DeadLetterWriter : IDeadLetterSink, IDisposable
{
    private readonly Stream _stream;
    private readonly Utf8JsonWriter _writer;
    private readonly bool _ownsStream;

    public DeadLetterWriter(string path)
        : this(File.Create(path), ownsStream: true)
    {
    }

    /// <summary>Writes to <paramref name="stream"/> (e.g. stderr), disposing it only when <paramref name="ownsStream"/>.</summary>
    public DeadLetterWriter(Stream stream, bool ownsStream)
    {
        _stream = stream;
        _ownsStream = ownsStream;
        _writer = new Utf8JsonWriter(_stream);
    }

    public long Count { get; private set; }

    public void Write(RejectReason reason, string source, long line, long offset, ReadOnlySpan<byte> raw)
    {
        Count++;
        _writer.WriteStartObject();
        _writer.WriteString("reason"u8, RejectReasonNames.Of(reason));
        _writer.WriteString("source"u8, source);
        _writer.WriteNumber("line"u8, line);
        _writer.WriteNumber("offset"u8, offset);
        if (Utf8.IsValid(raw))
        {
            _writer.WriteString("raw"u8, raw);
        }
        else
        {
            _writer.WriteBase64String("raw_base64"u8, raw);
        }

        _writer.WriteEndObject();
        _writer.Flush();
        _stream.WriteByte((byte)'\n');
        _writer.Reset();
    }

    public void Dispose()
    {
        _writer.Dispose();
        if (_ownsStream)
        {
            _stream.Dispose();
        }
    }
}
