using Confluent.Kafka;

namespace Telemetry.Kafka.Publishing;

/// <summary>
/// The process's one long-lived idempotent Kafka producer, shared by every thread that writes
/// (the client is thread-safe). Each writer keeps its own message and buffers and hands them
/// to <see cref="Produce"/>; delivery reports go to one cached handler that counts them.
/// </summary>
/// <remarks>
/// Reports are served by the producing threads (no background poll thread): every
/// <see cref="PollEvery"/> messages, while waiting out a full local queue, and in
/// <see cref="Flush"/>. A full queue blocks the caller until slots free up: that is the
/// back-pressure that stops an input from being read faster than Kafka accepts it, and it
/// bounds the memory held for undelivered messages (<see cref="KafkaOptions.MaxQueuedMessages"/>).
/// </remarks>
public sealed class KafkaPublisher : IDisposable
{
    /// <summary>Messages produced between two non-blocking polls for delivery reports.</summary>
    public const int PollEvery = 256;

    private static readonly TimeSpan s_queueFullWait = TimeSpan.FromMilliseconds(50);

    private readonly IProducer<byte[], byte[]> _producer;
    private readonly Action<DeliveryReport<byte[], byte[]>> _onDelivery;
    private long _produced;
    private long _delivered;
    private long _deliveryErrors;
    private long _queueFullWaits;
    private Error? _fatalError;
    private volatile bool _stopWaiting;

    /// <param name="bootstrapServers">The cluster.</param>
    /// <param name="options">Queue bound and client settings; <see cref="KafkaOptions.ClientSettings"/> override what <paramref name="guarantees"/> sets.</param>
    /// <param name="clientId">The client id the brokers see.</param>
    /// <param name="guarantees">What happens when Kafka is down or refuses a message.</param>
    public KafkaPublisher(string bootstrapServers, KafkaOptions options, string clientId, DeliveryGuarantees guarantees = DeliveryGuarantees.None)
    {
        ArgumentException.ThrowIfNullOrEmpty(bootstrapServers);
        ArgumentNullException.ThrowIfNull(options);
        var config = new ProducerConfig
        {
            ClientId = clientId,
            EnableIdempotence = true,
            // Batching over latency: events are small (about 30 bytes with the key).
            LingerMs = 10,
            BatchNumMessages = 10_000,
            QueueBufferingMaxMessages = options.MaxQueuedMessages,
            // Stated rather than inherited: the charger-to-partition mapping depends on it
            // (CRC32 of the key modulo the partition count).
            Partitioner = Partitioner.ConsistentRandom,
            EnableBackgroundPoll = false,
            // Only the outcome is counted; the report need not carry the message back.
            DeliveryReportFields = "status",
        };
        if (guarantees.HasFlag(DeliveryGuarantees.WaitWhileDown))
        {
            config.MessageTimeoutMs = 0;
        }

        if (guarantees.HasFlag(DeliveryGuarantees.Gapless))
        {
            config.EnableGaplessGuarantee = true;
        }

        foreach (var (key, value) in options.ClientSettings)
        {
            config.Set(key, value);
        }

        config.BootstrapServers = bootstrapServers;
        _producer = new ProducerBuilder<byte[], byte[]>(config)
            .SetErrorHandler((_, error) => OnError(error))
            .Build();
        _onDelivery = OnDelivery;
    }

    /// <summary>Messages handed to the client.</summary>
    public long Produced => Interlocked.Read(ref _produced);

    /// <summary>Messages the broker acknowledged.</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>Messages that failed for good after the client's retries.</summary>
    public long DeliveryErrors => Interlocked.Read(ref _deliveryErrors);

    /// <summary>Messages handed over but not yet acknowledged or failed: the local queue depth.</summary>
    public long InFlight => Produced - Delivered - DeliveryErrors;

    /// <summary>
    /// The error that stopped the producer for good (e.g. a refused message under
    /// <see cref="DeliveryGuarantees.Gapless"/>), or null: once set, every produce fails.
    /// </summary>
    public Error? FatalError => Volatile.Read(ref _fatalError);

    /// <summary>Times a writer waited because the local queue was full (back-pressure applied).</summary>
    public long QueueFullWaits => Interlocked.Read(ref _queueFullWaits);

    /// <summary>
    /// Hands <paramref name="message"/> to the client, which copies key and value, so the caller
    /// may reuse both at once. Blocks while the local queue is full.
    /// </summary>
    public void Produce(string topic, Message<byte[], byte[]> message) => Produce(new TopicPartition(topic, Partition.Any), message);

    /// <summary>
    /// As <see cref="Produce(string, Message{byte[], byte[]})"/>, to one partition chosen by the
    /// caller (<see cref="Partition.Any"/> leaves it to the partitioner), e.g. a record every
    /// partition of a topic must see.
    /// </summary>
    public void Produce(TopicPartition destination, Message<byte[], byte[]> message)
    {
        // Counted before the hand-over, so that a report served at once never finds the
        // in-flight count below zero.
        var produced = Interlocked.Increment(ref _produced);
        while (true)
        {
            try
            {
                _producer.Produce(destination, message, _onDelivery);
                break;
            }
            catch (ProduceException<byte[], byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
            {
                if (_stopWaiting)
                {
                    Interlocked.Decrement(ref _produced);
                    throw new OperationCanceledException("The publisher stopped waiting for its full queue.", ex);
                }

                // Serving delivery reports frees queue slots.
                Interlocked.Increment(ref _queueFullWaits);
                _producer.Poll(s_queueFullWait);
            }
            catch (ProduceException<byte[], byte[]> ex) when (IsFatal(ex.Error))
            {
                // The error report may not have been served yet: the producer is unusable from now on.
                Interlocked.Decrement(ref _produced);
                Interlocked.CompareExchange(ref _fatalError, ex.Error, null);
                throw;
            }
            catch
            {
                Interlocked.Decrement(ref _produced);
                throw;
            }
        }

        if (produced % PollEvery == 0)
        {
            _producer.Poll(TimeSpan.Zero);
        }
    }

    /// <summary>
    /// The partition count of <paramref name="topic"/> as the cluster reports it: a check at start
    /// that the brokers answer and the topic exists, so that a typo fails at once rather than
    /// as delivery errors later.
    /// </summary>
    /// <exception cref="InvalidOperationException">The topic is missing or the cluster did not answer.</exception>
    public int PartitionsOf(string topic, TimeSpan timeout)
    {
        using var admin = new DependentAdminClientBuilder(_producer.Handle).Build();
        Metadata metadata;
        try
        {
            metadata = admin.GetMetadata(topic, timeout);
        }
        catch (KafkaException e)
        {
            throw new InvalidOperationException($"Kafka did not answer for topic {topic}: {e.Error.Reason}", e);
        }

        var found = metadata.Topics.Find(t => t.Topic == topic);
        if (found is null || found.Error.IsError || found.Partitions.Count == 0)
        {
            var reason = found?.Error.IsError == true ? found.Error.Reason : "no partitions";
            throw new InvalidOperationException($"Kafka topic {topic} is not usable: {reason}. Create it before starting.");
        }

        return found.Partitions.Count;
    }

    /// <summary>
    /// Makes writers waiting for the full queue, now or later, give up with
    /// <see cref="OperationCanceledException"/>: for a shutdown while Kafka is down, when under
    /// <see cref="DeliveryGuarantees.WaitWhileDown"/> no message would ever free a slot.
    /// </summary>
    public void StopWaiting() => _stopWaiting = true;

    /// <summary>Serves pending delivery reports without waiting; for writers that go idle.</summary>
    public void Poll() => _producer.Poll(TimeSpan.Zero);

    /// <summary>Waits for every produced message to be acknowledged or to fail.</summary>
    /// <returns>True when nothing is left in flight.</returns>
    public bool Flush(TimeSpan timeout) => _producer.Flush(timeout) == 0;

    public void Dispose() => _producer.Dispose();

    // A gapless producer that stopped answers with its own code rather than Local_Fatal.
    private static bool IsFatal(Error error) =>
        error.IsFatal || error.Code is ErrorCode.Local_Fatal or ErrorCode.Local_GaplessGuarantee;

    private void OnError(Error error)
    {
        if (IsFatal(error))
        {
            Interlocked.Exchange(ref _fatalError, error);
        }
    }

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
