using System.Diagnostics;
using Telemetry.Bench.Detect;
using Telemetry.Engine;
using Telemetry.Kafka;
using Telemetry.Kafka.Embedded;
using Telemetry.Kafka.Events;

namespace Telemetry.Bench.EndToEnd;

/// <summary>
/// Through Kafka (DESIGN §5): the events of a simulated capture are produced once to the events
/// topic of the embedded Kafka (librdkafka's mock cluster, the real client and wire protocol);
/// then a bare consumer that only decodes and counts, and the engine's consumer that hands every
/// event to its partition's detectors, each drain the whole topic from the beginning, in turns.
/// The ratio engine / bare is what the engine adds over the transport (target ≥ 0.8).
/// </summary>
public static class KafkaRace
{
    public const string Bare = "Kafka: bare consumer (decode + count)";
    public const string Engine = "Kafka: consumer → detectors";

    private const int Partitions = 2;
    private static readonly TimeSpan s_flushTimeout = TimeSpan.FromSeconds(60);

    public static IReadOnlyList<RateFigure> Run(DetectWorkload workload, int passes, DetectorOptions options, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(options);
        var kafkaOptions = new KafkaOptions { EventsTopic = "bench.events", Partitions = Partitions };
        using var kafka = new EmbeddedKafka();
        kafka.CreateTopic(kafkaOptions.EventsTopic, Partitions);
        Produce(kafka, kafkaOptions, workload, passes);

        var elapsed = new TimeSpan[2];
        long bareEvents = 0;
        long engineEvents = 0;
        var allocated = new long[2];
        var clock = Stopwatch.StartNew();
        while (engineEvents == 0 || clock.Elapsed < duration)
        {
            cancellationToken.ThrowIfCancellationRequested();
            bareEvents += Drain(kafka, kafkaOptions, options, detect: false, ref elapsed[0], ref allocated[0], cancellationToken);
            engineEvents += Drain(kafka, kafkaOptions, options, detect: true, ref elapsed[1], ref allocated[1], cancellationToken);
        }

        return
        [
            new RateFigure(Bare, bareEvents, allocated[0], elapsed[0]),
            new RateFigure(Engine, engineEvents, allocated[1], elapsed[1]),
        ];
    }

    private static void Produce(EmbeddedKafka kafka, KafkaOptions kafkaOptions, DetectWorkload workload, int passes)
    {
        using var producer = new EventProducer(kafka.BootstrapServers, kafkaOptions) { TextCodes = workload.Texts };
        var chunk = new Ocpp.Events.TelemetryEvent[workload.Events.Length * workload.Copies];
        for (var pass = 0; pass < passes; pass++)
        {
            var count = workload.Fill(pass, 0, workload.Events.Length, chunk);
            for (var i = 0; i < count; i++)
            {
                producer.Produce(workload.Chargers, chunk[i]);
            }
        }

        if (!producer.Flush(s_flushTimeout) || producer.DeliveryErrors > 0)
        {
            throw new InvalidOperationException($"The events topic did not take every event: {producer.DeliveryErrors} delivery errors.");
        }
    }

    private static long Drain(EmbeddedKafka kafka, KafkaOptions kafkaOptions, DetectorOptions options, bool detect, ref TimeSpan elapsed, ref long allocated, CancellationToken cancellationToken)
    {
        using var consumer = new EventConsumer(kafka.BootstrapServers, kafkaOptions);
        var ends = consumer.QueryEndOffsets();
        var before = GC.GetAllocatedBytesForCurrentThread();
        var started = Stopwatch.GetTimestamp();
        if (detect)
        {
            var partitions = new BenchPartition[ends.Length];
            for (var p = 0; p < partitions.Length; p++)
            {
                partitions[p] = new BenchPartition(consumer.Chargers, consumer.TextCodes, options);
            }

            var receiver = new PartitionReceiver(partitions);
            consumer.ConsumeUntil(ends, ref receiver, cancellationToken);
        }
        else
        {
            var receiver = new CountingReceiver();
            consumer.ConsumeUntil(ends, ref receiver, cancellationToken);
        }

        elapsed += Stopwatch.GetElapsedTime(started);
        allocated += GC.GetAllocatedBytesForCurrentThread() - before;
        return consumer.Consumed;
    }
}
