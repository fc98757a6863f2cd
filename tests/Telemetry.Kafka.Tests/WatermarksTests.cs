using Confluent.Kafka;
using Telemetry.Kafka.Embedded;

namespace Telemetry.Kafka.Tests;

public class WatermarksTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task High_AsksAgain_WhileTheClientDoesNotKnowThePartitionYet()
    {
        using var kafka = new EmbeddedKafka();
        using var consumer = NewConsumer(kafka);
        var partition = new TopicPartition("marks", 0);
        var unknown = Assert.Throws<KafkaException>(() => consumer.QueryWatermarkOffsets(partition, s_timeout));
        Assert.Equal(ErrorCode.Local_UnknownPartition, unknown.Error.Code);

        var high = Task.Run(() => Watermarks.High(consumer, partition, s_timeout));
        // Lets the query fail at least once before the partition exists; the outcome does not depend on it.
        await Task.Delay(300);
        kafka.CreateTopic("marks", 1);

        Assert.Equal(0, await high);
    }

    [Fact]
    public void Query_GivesUpWithTheLastError_WhenThePartitionNeverAppears()
    {
        using var kafka = new EmbeddedKafka();
        kafka.CreateTopic("marks", 1);
        using var consumer = NewConsumer(kafka);

        var missing = Assert.Throws<KafkaException>(() => Watermarks.Query(consumer, new TopicPartition("marks", 4), TimeSpan.FromMilliseconds(500)));

        Assert.Equal(ErrorCode.Local_UnknownPartition, missing.Error.Code);
    }

    private static IConsumer<byte[], byte[]> NewConsumer(EmbeddedKafka kafka) =>
        new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = kafka.BootstrapServers, GroupId = "marks" }).Build();
}
