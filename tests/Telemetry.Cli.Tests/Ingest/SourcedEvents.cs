using Confluent.Kafka;
using Telemetry.Cli.Processing;
using Telemetry.Kafka;
using Telemetry.Kafka.Codec;
using Telemetry.Kafka.Frames;
using Telemetry.Ocpp.Events;

namespace Telemetry.Cli.Tests.Ingest;

/// <summary>Reads the events topic with each record's source header, as <c>telemetry process</c> sees it.</summary>
internal static class SourcedEvents
{
    public readonly record struct Read(int Partition, TapStreams.NamedEvent Event, byte[]? Source);

    public static List<Read> All(string bootstrapServers, KafkaOptions options)
    {
        var config = new ConsumerConfig { BootstrapServers = bootstrapServers, GroupId = "test-sourced-reader", EnableAutoCommit = false };
        using var consumer = new ConsumerBuilder<byte[], byte[]>(config).Build();
        using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
        var partitions = admin.GetMetadata(options.EventsTopic, TimeSpan.FromSeconds(10)).Topics[0].Partitions.Count;
        var remaining = 0L;
        var assignment = new List<TopicPartitionOffset>();
        for (var p = 0; p < partitions; p++)
        {
            remaining += Telemetry.Kafka.Watermarks.High(consumer, new TopicPartition(options.EventsTopic, p), TimeSpan.FromSeconds(10));
            assignment.Add(new TopicPartitionOffset(options.EventsTopic, p, Offset.Beginning));
        }

        consumer.Assign(assignment);
        var chargers = new ChargerRegistry();
        var texts = new TextCodeRegistry();
        var read = new List<Read>();
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        for (; remaining > 0; remaining--)
        {
            var result = consumer.Consume(guard.Token);
            var charger = chargers.Intern(result.Message.Key);
            Assert.Equal(EventDecodeStatus.Ok, TelemetryEventCodec.Decode(result.Message.Value, charger, texts, out var e));
            var source = result.Message.Headers?.TryGetLastBytes(SourcePosition.HeaderName, out var header) == true ? header : null;
            read.Add(new Read(result.Partition.Value, TapStreams.Named(e, chargers, texts), source));
        }

        consumer.Close();
        return read;
    }

    /// <summary>The events <c>telemetry process</c> applies: per events partition, copies of an applied source position dropped.</summary>
    public static List<TapStreams.NamedEvent> Applied(IEnumerable<Read> events)
    {
        var sources = new Dictionary<int, AppliedSources>();
        var applied = new List<TapStreams.NamedEvent>();
        foreach (var e in events)
        {
            if (!sources.TryGetValue(e.Partition, out var seen))
            {
                sources[e.Partition] = seen = new AppliedSources();
            }

            if (!seen.IsRepeat(e.Source))
            {
                applied.Add(e.Event);
            }
        }

        return applied;
    }

    /// <summary>Asserts that each charger has the same events in the same order in both (the order among chargers depends on partitioning).</summary>
    public static void AssertSamePerCharger(IEnumerable<TapStreams.NamedEvent> expected, IEnumerable<TapStreams.NamedEvent> actual)
    {
        var want = PerCharger(expected);
        var got = PerCharger(actual);
        Assert.Equal(want.Keys, got.Keys);
        foreach (var (charger, events) in want)
        {
            Assert.Equal(events, got[charger]);
        }
    }

    private static SortedDictionary<string, List<TapStreams.NamedEvent>> PerCharger(IEnumerable<TapStreams.NamedEvent> events)
    {
        var perCharger = new SortedDictionary<string, List<TapStreams.NamedEvent>>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            if (!perCharger.TryGetValue(e.ChargePoint, out var list))
            {
                perCharger[e.ChargePoint] = list = [];
            }

            list.Add(e);
        }

        return perCharger;
    }
}
