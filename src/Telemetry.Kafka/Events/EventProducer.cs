using Confluent.Kafka;
using Telemetry.Kafka.Codec;
using Telemetry.Kafka.Publishing;
using Telemetry.Ocpp.Events;

namespace Telemetry.Kafka.Events;

/// <summary>
/// Writes <see cref="TelemetryEvent"/>s to the events topic, keyed by charge point id so that
/// every event of a charger lands in one partition, in order.
/// </summary>
/// <remarks>
/// Not thread-safe: one producing thread, which reuses the message, the value buffers and the
/// per-charger keys. Several threads (e.g. one per tap connection) each take an instance of
/// their own over one shared <see cref="KafkaPublisher"/>.
/// </remarks>
public sealed class EventProducer : IDisposable
{
    private readonly KafkaPublisher _publisher;
    private readonly bool _ownsPublisher;
    private readonly string _topic;

    // librdkafka copies key and value during Produce, so both may be reused at once. A value's
    // length depends on its text, and the client sends whole arrays: one buffer per text
    // length, made on first use (at most 256).
    private readonly Message<byte[], byte[]> _message = new();
    private readonly byte[]?[] _values = new byte[]?[TextCodeRegistry.MaxTextBytes + 1];
    private readonly List<byte[]?> _keys = [];

    /// <summary>A producer with a publisher of its own, closed with it.</summary>
    public EventProducer(string bootstrapServers, KafkaOptions options)
        : this(new KafkaPublisher(bootstrapServers, options, "telemetry-events-producer"), options, ownsPublisher: true)
    {
    }

    /// <summary>A producer over a shared <paramref name="publisher"/>, which the caller closes.</summary>
    public EventProducer(KafkaPublisher publisher, KafkaOptions options)
        : this(publisher, options, ownsPublisher: false)
    {
    }

    private EventProducer(KafkaPublisher publisher, KafkaOptions options, bool ownsPublisher)
    {
        ArgumentNullException.ThrowIfNull(publisher);
        ArgumentNullException.ThrowIfNull(options);
        _publisher = publisher;
        _ownsPublisher = ownsPublisher;
        _topic = options.EventsTopic;
    }

    /// <summary>The registry that events' <see cref="TelemetryEvent.TextCode"/> refer to; without one, texts are not sent.</summary>
    public TextCodeRegistry? TextCodes { get; set; }

    /// <summary>Events handed to the client (by every producer sharing the publisher).</summary>
    public long Produced => _publisher.Produced;

    /// <summary>Events the broker acknowledged (by every producer sharing the publisher).</summary>
    public long Delivered => _publisher.Delivered;

    /// <summary>Events that failed for good after the client's retries (by every producer sharing the publisher).</summary>
    public long DeliveryErrors => _publisher.DeliveryErrors;

    /// <summary>Produces <paramref name="e"/> keyed by the UTF-8 id of its charger in <paramref name="chargers"/>.</summary>
    public void Produce(ChargerRegistry chargers, in TelemetryEvent e) => Produce(KeyOf(chargers, e.Charger), in e);

    /// <summary>Produces <paramref name="e"/> with a caller-kept key: the charge point id as UTF-8.</summary>
    public void Produce(byte[] key, in TelemetryEvent e)
    {
        ArgumentNullException.ThrowIfNull(key);
        var text = TextCodes is null ? default : TextCodes.Utf8TextOf(e.TextCode);
        var value = _values[text.Length] ??= new byte[TelemetryEventCodec.FixedLength + text.Length];
        TelemetryEventCodec.TryEncode(in e, text, value, out _);
        _message.Key = key;
        _message.Value = value;
        _publisher.Produce(_topic, _message);
    }

    /// <summary>The cached key of a charger: made once per charger, then reused for each of its events.</summary>
    public byte[] KeyOf(ChargerRegistry chargers, int charger)
    {
        ArgumentNullException.ThrowIfNull(chargers);
        ArgumentOutOfRangeException.ThrowIfNegative(charger);
        while (_keys.Count <= charger)
        {
            _keys.Add(null);
        }

        return _keys[charger] ??= chargers.Utf8NameOf(charger).ToArray();
    }

    /// <summary>Waits for every produced event to be acknowledged or to fail.</summary>
    /// <returns>True when nothing is left in flight.</returns>
    public bool Flush(TimeSpan timeout) => _publisher.Flush(timeout);

    /// <summary>Waits for every produced event to be acknowledged or to fail.</summary>
    /// <exception cref="TimeoutException">Some were still in flight after <paramref name="timeout"/>.</exception>
    public void FlushOrThrow(TimeSpan timeout)
    {
        if (!Flush(timeout))
        {
            throw new TimeoutException($"{_topic}: delivery did not complete within {timeout.TotalSeconds} s.");
        }
    }

    public void Dispose()
    {
        if (_ownsPublisher)
        {
            _publisher.Dispose();
        }
    }
}
