using Confluent.Kafka;
using Telemetry.Kafka.Codec;
using Telemetry.Ocpp.Events;

namespace Telemetry.Kafka.Events;

/// <summary>
/// Writes <see cref="TelemetryEvent"/>s to the events topic, keyed by charge point id so that
/// every event of a charger lands in one partition, in order.
/// </summary>
/// <remarks>
/// One long-lived idempotent producer; no await per event: delivery reports go to one cached
/// handler that counts them. Reports are served on the producing thread (no background poll
/// thread): every <see cref="PollEvery"/> events, while waiting out a full local queue, and in
/// <see cref="Flush"/>. Not thread-safe: one producing thread, which reuses the message, the
/// value buffer and the per-charger keys.
/// </remarks>
public sealed class EventProducer : IDisposable
{
    /// <summary>Events produced between two non-blocking polls for delivery reports.</summary>
    public const int PollEvery = 256;

    private static readonly TimeSpan s_queueFullWait = TimeSpan.FromMilliseconds(50);

    private readonly IProducer<byte[], byte[]> _producer;
    private readonly string _topic;
    private readonly Action<DeliveryReport<byte[], byte[]>> _onDelivery;

    // librdkafka copies key and value during Produce (MSG_F_COPY), so both may be reused at once.
    // A value's length depends on its text, and the client sends whole arrays: one buffer per
    // text length, made on first use (at most 256).
    private readonly Message<byte[], byte[]> _message;
    private readonly byte[]?[] _values = new byte[]?[TextCodeRegistry.MaxTextBytes + 1];
    private readonly List<byte[]?> _keys = [];

    private long _produced;
    private long _delivered;
    private long _deliveryErrors;

    public EventProducer(string bootstrapServers, KafkaOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(bootstrapServers);
        ArgumentNullException.ThrowIfNull(options);
        var config = new ProducerConfig
        {
            ClientId = "telemetry-events-producer",
            EnableIdempotence = true,
            // Batching over latency: events are small (about 30 bytes with the key).
            LingerMs = 10,
            BatchNumMessages = 10_000,
            QueueBufferingMaxMessages = 200_000,
            // Stated rather than inherited: the charger-to-partition mapping depends on it
            // (CRC32 of the key modulo the partition count).
            Partitioner = Partitioner.ConsistentRandom,
            EnableBackgroundPoll = false,
            // Only the outcome is counted; the report need not carry the message back.
            DeliveryReportFields = "status",
        };
        foreach (var (key, value) in options.ClientSettings)
        {
            config.Set(key, value);
        }

        config.BootstrapServers = bootstrapServers;
        _topic = options.EventsTopic;
        _producer = new ProducerBuilder<byte[], byte[]>(config).Build();
        _onDelivery = OnDelivery;
        _message = new Message<byte[], byte[]>();
    }

    /// <summary>The registry that events' <see cref="TelemetryEvent.TextCode"/> refer to; without one, texts are not sent.</summary>
    public TextCodeRegistry? TextCodes { get; set; }

    /// <summary>Events handed to the client.</summary>
    public long Produced => Volatile.Read(ref _produced);

    /// <summary>Events the broker acknowledged.</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>Events that failed for good after the client's retries.</summary>
    public long DeliveryErrors => Interlocked.Read(ref _deliveryErrors);

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
        while (true)
        {
            try
            {
                _producer.Produce(_topic, _message, _onDelivery);
                break;
            }
            catch (ProduceException<byte[], byte[]> ex) when (ex.Error.Code == Confluent.Kafka.ErrorCode.Local_QueueFull)
            {
                // Back-pressure: serving delivery reports frees queue slots.
                _producer.Poll(s_queueFullWait);
            }
        }

        if (++_produced % PollEvery == 0)
        {
            _producer.Poll(TimeSpan.Zero);
        }
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
    public bool Flush(TimeSpan timeout) => _producer.Flush(timeout) == 0;

    public void Dispose() => _producer.Dispose();

    private void OnDelivery(DeliveryReport<byte[], byte[]> report)
    {
        if (report.Error.IsError)
        {
            Interlocked.Increment(ref _deliveryErrors);
        }
        else
        {
            Interlocked.Increment(ref _delivered);
        }
    }
}
