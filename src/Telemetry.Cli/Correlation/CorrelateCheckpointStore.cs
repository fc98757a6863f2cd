using System.Buffers.Binary;
using System.Text;
using Confluent.Kafka;
using Telemetry.Kafka;

namespace Telemetry.Cli.Correlation;

/// <summary>
/// The topic of correlator checkpoints (<see cref="KafkaOptions.CorrelateCheckpointsTopic"/>):
/// the checkpoint of decisions partition p is written to partition p, keyed by the group id,
/// its value the decisions offset it reflects (8 bytes, little-endian) then the checkpoint.
/// A new owner reads the partition back from its end to the newest checkpoint of its group at
/// or before the committed offset.
/// </summary>
internal sealed class CorrelateCheckpointStore : IDisposable
{
    private const int OffsetSize = sizeof(long);
    private const int ReadWindow = 16;
    private static readonly TimeSpan s_requestTimeout = TimeSpan.FromSeconds(10);

    private readonly string _bootstrapServers;
    private readonly KafkaOptions _options;
    private readonly byte[] _key;
    private readonly IProducer<byte[], byte[]> _producer;
    private long _deliveryErrors;

    public CorrelateCheckpointStore(string bootstrapServers, KafkaOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(bootstrapServers);
        ArgumentNullException.ThrowIfNull(options);
        _bootstrapServers = bootstrapServers;
        _options = options;
        _key = Encoding.UTF8.GetBytes(options.CorrelateGroupId);
        var config = new ProducerConfig { ClientId = "telemetry-correlate-checkpoints", EnableIdempotence = true, DeliveryReportFields = "status" };
        foreach (var (key, value) in options.ClientSettings)
        {
            config.Set(key, value);
        }

        config.BootstrapServers = bootstrapServers;
        _producer = new ProducerBuilder<byte[], byte[]>(config).Build();
    }

    /// <summary>Checkpoints whose delivery failed: the next one makes up for them.</summary>
    public long DeliveryErrors => Interlocked.Read(ref _deliveryErrors);

    /// <summary>Hands the checkpoint of <paramref name="partition"/> at <paramref name="offset"/> to the client.</summary>
    public void Write(int partition, long offset, ReadOnlySpan<byte> checkpoint)
    {
        var value = new byte[OffsetSize + checkpoint.Length];
        BinaryPrimitives.WriteInt64LittleEndian(value, offset);
        checkpoint.CopyTo(value.AsSpan(OffsetSize));
        _producer.Produce(new TopicPartition(_options.CorrelateCheckpointsTopic, partition), new Message<byte[], byte[]> { Key = _key, Value = value }, OnDelivery);
    }

    /// <summary>Waits for the checkpoints handed over so far (revocation, shutdown).</summary>
    public void Flush(TimeSpan timeout) => _producer.Flush(timeout);

    /// <summary>
    /// The newest checkpoint of this group for <paramref name="partition"/> that reflects an
    /// offset at or before <paramref name="atMost"/>; null when there is none.
    /// </summary>
    public (long Offset, byte[] Checkpoint)? ReadLatest(int partition, long atMost)
    {
        var config = ConsumerSettings.Create(_bootstrapServers, _options, "telemetry-correlate-checkpoints", _options.CorrelateGroupId + ".checkpoints", groupMember: false);
        using var consumer = new ConsumerBuilder<byte[], byte[]>(config).Build();
        var tp = new TopicPartition(_options.CorrelateCheckpointsTopic, partition);
        var offsets = Watermarks.Query(consumer, tp, s_requestTimeout);
        var low = offsets.Low.Value;
        var end = offsets.High.Value;
        try
        {
            // Newest first: read a window before the end, then the one before it, down to the start.
            while (end > low)
            {
                var from = Math.Max(low, end - ReadWindow);
                (long Offset, byte[] Checkpoint)? newest = null;
                consumer.Assign(new TopicPartitionOffset(tp, from));
                for (var next = from; next < end;)
                {
                    var result = consumer.Consume(s_requestTimeout)
                        ?? throw new TimeoutException($"{tp.Topic} [{partition}] did not return offset {next} within {s_requestTimeout}.");
                    next = result.Offset.Value + 1;
                    var value = result.Message.Value;
                    if (result.Offset.Value < end && value is { Length: >= OffsetSize } && result.Message.Key.AsSpan().SequenceEqual(_key))
                    {
                        var offset = BinaryPrimitives.ReadInt64LittleEndian(value);
                        if (offset <= atMost)
                        {
                            newest = (offset, value[OffsetSize..]);
                        }
                    }
                }

                if (newest is not null)
                {
                    return newest;
                }

                end = from;
            }

            return null;
        }
        finally
        {
            consumer.Close();
        }
    }

    public void Dispose() => _producer.Dispose();

    private void OnDelivery(DeliveryReport<byte[], byte[]> report)
    {
        if (report.Error.IsError)
        {
            Interlocked.Increment(ref _deliveryErrors);
        }
    }
}
