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
/// then a bare consumer that only decodes and counts, and the engine's consumer, each drain the
/// whole topic from the beginning, in turns. The engine's consumer decodes and writes every event
/// to an <see cref="EventHandOff"/>, and a detecting thread applies it to its partition's
/// detectors, as <c>telemetry process</c> does; a third run gives each partition a detecting
/// thread of its own, for comparison. The ratio engine / bare is what the engine adds over the
/// transport (target ≥ 0.8). Rates are wall-clock rates of the whole run, whatever its threads;
/// allocations are those of every thread of the run.
/// </summary>
public static class KafkaRace
{
    public const string Bare = "Kafka: bare consumer (decode + count)";
    public const string Engine = "Kafka: consumer → detectors";
    public const string EnginePerPartition = "Kafka: detect thread per partition";

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

        // Detecting threads per run: none (bare), one for the worker, one per partition.
        int[] detectThreads = [0, 1, Partitions];
        var elapsed = new TimeSpan[detectThreads.Length];
        var events = new long[detectThreads.Length];
        var allocated = new long[detectThreads.Length];
        var clock = Stopwatch.StartNew();
        while (events[^1] == 0 || clock.Elapsed < duration)
        {
            for (var run = 0; run < detectThreads.Length; run++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                events[run] += Drain(kafka, kafkaOptions, options, detectThreads[run], ref elapsed[run], ref allocated[run], cancellationToken);
            }
        }

        return
        [
            new RateFigure(Bare, events[0], allocated[0], elapsed[0]),
            new RateFigure(Engine, events[1], allocated[1], elapsed[1]),
            new RateFigure(EnginePerPartition, events[2], allocated[2], elapsed[2]),
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

    private static long Drain(EmbeddedKafka kafka, KafkaOptions kafkaOptions, DetectorOptions options, int detectThreads, ref TimeSpan elapsed, ref long allocated, CancellationToken cancellationToken)
    {
        using var consumer = new EventConsumer(kafka.BootstrapServers, kafkaOptions);
        var ends = consumer.QueryEndOffsets();
        var before = GC.GetAllocatedBytesForCurrentThread();
        var started = Stopwatch.GetTimestamp();
        if (detectThreads == 0)
        {
            var receiver = new CountingReceiver();
            consumer.ConsumeUntil(ends, ref receiver, cancellationToken);
        }
        else
        {
            var partitions = new BenchPartition[ends.Length];
            for (var p = 0; p < partitions.Length; p++)
            {
                partitions[p] = new BenchPartition(consumer.Chargers, consumer.TextCodes, options);
            }

            var handOffs = new EventHandOff[detectThreads];
            var detections = new HandOffDetection[detectThreads];
            for (var t = 0; t < detectThreads; t++)
            {
                handOffs[t] = new EventHandOff();
                detections[t] = new HandOffDetection(handOffs[t], partitions);
            }

            try
            {
                var receiver = new RoutingReceiver(handOffs);
                consumer.ConsumeUntil(ends, ref receiver, cancellationToken);
            }
            finally
            {
                foreach (var detection in detections)
                {
                    detection.Complete();
                    allocated += detection.Allocated;
                }

                foreach (var handOff in handOffs)
                {
                    handOff.Dispose();
                }
            }
        }

        elapsed += Stopwatch.GetElapsedTime(started);
        allocated += GC.GetAllocatedBytesForCurrentThread() - before;
        return consumer.Consumed;
    }
}
