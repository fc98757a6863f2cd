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
/// whole topic from the beginning with a fresh consumer. The engine's consumer decodes and writes
/// every event to an <see cref="EventHandOff"/>, and a detecting thread applies it to its
/// partition's detectors, as <c>telemetry process</c> does; a third line gives each partition a
/// detecting thread of its own, for comparison. The ratio engine / bare is what the engine adds
/// over the transport (target ≥ 0.8).
/// </summary>
/// <remarks>
/// The lines run interleaved in rounds, one drain of each per round, each round starting with
/// the next line, after one unmeasured warm-up round; a round's ratio compares drains taken
/// moments apart, and the median over the rounds is the figure. Rates are wall-clock rates,
/// whatever the threads; allocations are those of every thread of the line.
/// </remarks>
public static class KafkaRace
{
    public const string Bare = "Kafka: bare consumer (decode + count)";
    public const string Engine = "Kafka: consumer → detectors";
    public const string EnginePerPartition = "Kafka: detect thread per partition";

    /// <summary>Measured rounds at least, however short the duration.</summary>
    public const int MinRounds = 5;

    private const int Partitions = 2;
    private static readonly TimeSpan s_flushTimeout = TimeSpan.FromSeconds(60);

    // Detecting threads per line: none (bare), one for the worker, one per partition.
    private static readonly int[] s_detectThreads = [0, 1, Partitions];
    private static readonly string[] s_names = [Bare, Engine, EnginePerPartition];

    /// <param name="duration">Measuring time of all lines together; rounds go on until it has passed and <see cref="MinRounds"/> were run.</param>
    public static KafkaRaceResult Run(DetectWorkload workload, int passes, DetectorOptions options, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(options);
        var kafkaOptions = new KafkaOptions { EventsTopic = "bench.events", Partitions = Partitions };
        using var kafka = new EmbeddedKafka();
        kafka.CreateTopic(kafkaOptions.EventsTopic, Partitions);
        Produce(kafka, kafkaOptions, workload, passes);

        var lines = s_detectThreads.Length;
        var warmUp = new LineTotals[lines];
        for (var line = 0; line < lines; line++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Drain(kafka, kafkaOptions, options, s_detectThreads[line], ref warmUp[line], cancellationToken);
        }

        var totals = new LineTotals[lines];
        var engineRatios = new List<double>();
        var perPartitionRatios = new List<double>();
        var clock = Stopwatch.StartNew();
        for (var round = 0; round < MinRounds || clock.Elapsed < duration; round++)
        {
            var rates = new double[lines];
            for (var turn = 0; turn < lines; turn++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var line = (round + turn) % lines;
                var drain = default(LineTotals);
                Drain(kafka, kafkaOptions, options, s_detectThreads[line], ref drain, cancellationToken);
                rates[line] = drain.Events / Math.Max(drain.Elapsed.TotalSeconds, 1e-9);
                totals[line].Add(drain);
            }

            engineRatios.Add(rates[1] / rates[0]);
            perPartitionRatios.Add(rates[2] / rates[0]);
        }

        var figures = new KafkaLineFigure[lines];
        for (var line = 0; line < lines; line++)
        {
            var t = totals[line];
            figures[line] = new KafkaLineFigure(new RateFigure(s_names[line], t.Events, t.Allocated, t.Elapsed), t.Cost, t.WriterWaits, t.WriterWaitTime, t.ReaderWakeWaits);
        }

        return new KafkaRaceResult(figures, RatioSpread.Of(engineRatios), RatioSpread.Of(perPartitionRatios));
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

    private static void Drain(EmbeddedKafka kafka, KafkaOptions kafkaOptions, DetectorOptions options, int detectThreads, ref LineTotals totals, CancellationToken cancellationToken)
    {
        // Rounds keep producing to one topic, beyond what the embedded Kafka keeps: each drain reads what it still holds.
        using var consumer = new EventConsumer(kafka.BootstrapServers, kafkaOptions, fromZero: false);
        var ends = consumer.QueryEndOffsets();
        var before = GC.GetAllocatedBytesForCurrentThread();
        var costBefore = ProcessCost.Now();
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
                    totals.Allocated += detection.Allocated;
                }

                foreach (var handOff in handOffs)
                {
                    totals.WriterWaits += handOff.WriterWaits;
                    totals.WriterWaitTime += handOff.WriterWaitTime;
                    totals.ReaderWakeWaits += handOff.ReaderWakeWaits;
                    handOff.Dispose();
                }
            }
        }

        totals.Elapsed += Stopwatch.GetElapsedTime(started);
        totals.Cost += ProcessCost.Now() - costBefore;
        totals.Allocated += GC.GetAllocatedBytesForCurrentThread() - before;
        totals.Events += consumer.Consumed;
    }

    private struct LineTotals
    {
        public long Events;
        public long Allocated;
        public TimeSpan Elapsed;
        public ProcessCost Cost;
        public long WriterWaits;
        public TimeSpan WriterWaitTime;
        public long ReaderWakeWaits;

        public void Add(in LineTotals drain)
        {
            Events += drain.Events;
            Allocated += drain.Allocated;
            Elapsed += drain.Elapsed;
            Cost += drain.Cost;
            WriterWaits += drain.WriterWaits;
            WriterWaitTime += drain.WriterWaitTime;
            ReaderWakeWaits += drain.ReaderWakeWaits;
        }
    }
}
