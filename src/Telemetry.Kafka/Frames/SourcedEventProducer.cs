using System.Text;
using Confluent.Kafka;
using Telemetry.Kafka.Codec;
using Telemetry.Kafka.Publishing;
using Telemetry.Ocpp.Events;

namespace Telemetry.Kafka.Frames;

/// <summary>
/// Writes events parsed from a raw-frame topic to the events topic, keyed by charge point id,
/// each with its <see cref="SourcePosition"/> header. The message, its header and the value
/// buffers are reused (librdkafka copies them during Produce). Not thread-safe.
/// </summary>
public sealed class SourcedEventProducer
{
    private readonly KafkaPublisher _publisher;
    private readonly string _topic;
    private readonly Message<byte[], byte[]> _message = new();
    private readonly byte[] _position;
    private readonly byte[]?[] _values = new byte[]?[TextCodeRegistry.MaxTextBytes + 1];
    private readonly List<byte[]?> _keys = [];

    public SourcedEventProducer(KafkaPublisher publisher, KafkaOptions options, string sourceTopic, TextCodeRegistry textCodes)
    {
        ArgumentNullException.ThrowIfNull(publisher);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(sourceTopic);
        ArgumentNullException.ThrowIfNull(textCodes);
        _publisher = publisher;
        _topic = options.EventsTopic;
        TextCodes = textCodes;
        var topic = Encoding.UTF8.GetBytes(sourceTopic);
        _position = new byte[SourcePosition.FixedLength + topic.Length];
        topic.CopyTo(_position, SourcePosition.FixedLength);
        _message.Headers = [new Header(SourcePosition.HeaderName, _position)];
    }

    /// <summary>The registry that events' <see cref="TelemetryEvent.TextCode"/> refer to.</summary>
    public TextCodeRegistry TextCodes { get; }

    /// <summary>Produces <paramref name="e"/>, keyed by its charger's id in <paramref name="chargers"/>, from <paramref name="source"/>.</summary>
    public void Produce(ChargerRegistry chargers, in TelemetryEvent e, SourcePosition source)
    {
        ArgumentNullException.ThrowIfNull(chargers);
        var text = TextCodes.Utf8TextOf(e.TextCode);
        var value = _values[text.Length] ??= new byte[TelemetryEventCodec.FixedLength + text.Length];
        TelemetryEventCodec.TryEncode(in e, text, value, out _);
        source.WriteTo(_position);
        _message.Key = KeyOf(chargers, e.Charger);
        _message.Value = value;
        _publisher.Produce(_topic, _message);
    }

    private byte[] KeyOf(ChargerRegistry chargers, int charger)
    {
        while (_keys.Count <= charger)
        {
            _keys.Add(null);
        }

        return _keys[charger] ??= chargers.Utf8NameOf(charger).ToArray();
    }
}
