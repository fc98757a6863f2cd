using Confluent.Kafka;
using Telemetry.Kafka.Embedded;
using Telemetry.Kafka.Publishing;

namespace Telemetry.Kafka.Tests.Publishing;

public sealed class KafkaPublisherTests
{
    private const string Topic = "publisher.refused";
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public void Produce_StopsTheProducerAndCountsTheRefusedMessage_WhenGaplessAndKafkaRefusesItForGood()
    {
        using var kafka = NewKafka();
        using var publisher = new KafkaPublisher(kafka.BootstrapServers, new KafkaOptions(), "test-gapless", DeliveryGuarantees.Gapless);
        publisher.PartitionsOf(Topic, s_timeout);
        kafka.Cluster.PushRequestErrors(KafkaApiKey.Produce, ErrorCode.InvalidRecord);
        var message = new Message<byte[], byte[]> { Key = [1], Value = [2] };

        publisher.Produce(Topic, message);
        publisher.Flush(s_timeout);

        Assert.NotNull(publisher.FatalError);
        Assert.Equal(1, publisher.DeliveryErrors);
        Assert.Equal(0, publisher.Delivered);
        // Nothing after the refused message gets through.
        Assert.ThrowsAny<KafkaException>(() => publisher.Produce(Topic, message));
        Assert.Equal(0, publisher.InFlight);
    }

    [Fact]
    public void Produce_CountsTheRefusedMessageAndDeliversTheNext_WithoutGapless()
    {
        using var kafka = NewKafka();
        using var publisher = new KafkaPublisher(kafka.BootstrapServers, new KafkaOptions(), "test-default");
        publisher.PartitionsOf(Topic, s_timeout);
        kafka.Cluster.PushRequestErrors(KafkaApiKey.Produce, ErrorCode.InvalidRecord);
        var message = new Message<byte[], byte[]> { Key = [1], Value = [2] };

        publisher.Produce(Topic, message);
        publisher.Flush(s_timeout);
        publisher.Produce(Topic, message);

        Assert.True(publisher.Flush(s_timeout));
        Assert.Null(publisher.FatalError);
        Assert.Equal(1, publisher.DeliveryErrors);
        Assert.Equal(1, publisher.Delivered);
    }

    private static EmbeddedKafka NewKafka()
    {
        var kafka = new EmbeddedKafka();
        kafka.CreateTopic(Topic, 1);
        return kafka;
    }
}
