using Confluent.Kafka;
using Telemetry.Files.DeadLetters;
using Telemetry.Kafka.Publishing;
using Telemetry.Ocpp.Rejects;

namespace Telemetry.Cli.Ingest;

/// <summary>
/// Sends dead letters to the <c>telemetry.deadletter</c> topic, one JSON object per message in
/// the same form as <c>deadletter.jsonl</c>, keyed by the input they came from. One per
/// connection: not thread-safe.
/// </summary>
internal sealed class KafkaDeadLetters : IDeadLetterSink, IDisposable
{
    private readonly KafkaPublisher _publisher;
    private readonly string _topic;
    private readonly MemoryStream _buffer = new();
    private readonly DeadLetterWriter _writer;
    private readonly Message<byte[], byte[]> _message = new();

    public KafkaDeadLetters(KafkaPublisher publisher, string topic, string source)
    {
        _publisher = publisher;
        _topic = topic;
        _writer = new DeadLetterWriter(_buffer, ownsStream: false);
        _message.Key = System.Text.Encoding.UTF8.GetBytes(source);
    }

    /// <summary>Dead letters sent so far.</summary>
    public long Count => _writer.Count;

    public void Write(RejectReason reason, string source, long line, long offset, ReadOnlySpan<byte> raw)
    {
        _buffer.SetLength(0);
        _writer.Write(reason, source, line, offset, raw);
        // The writer ends each object with a line feed, which a topic message does not need.
        _message.Value = _buffer.GetBuffer().AsSpan(0, (int)_buffer.Length - 1).ToArray();
        _publisher.Produce(_topic, _message);
    }

    public void Dispose()
    {
        _writer.Dispose();
        _buffer.Dispose();
    }
}
