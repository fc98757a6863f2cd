using System.Diagnostics;
using Confluent.Kafka;
using Telemetry.Bench.Detect;
using Telemetry.Engine;
using Telemetry.Kafka;
using Telemetry.Kafka.Embedded;
using Telemetry.Kafka.Events;
using Telemetry.Ocpp.Events;

namespace Telemetry.Bench.EndToEnd;

/// <summary>
/// Event → signal latency at a paced rate (DESIGN §5): a producer thread writes the events of a
/// simulated capture, round and round, to the embedded Kafka at <c>rate</c> events/s, each
/// stamped with its produce wall time as event time, so the fleet is live and its chargers'
/// faults, disconnections and status changes raise signals during the run. A consumer on this
/// thread runs each partition's detectors with a live clock: stream time follows the events
/// and, after a poll that found nothing, each partition's latest event time plus the wall time
/// since it arrived.
/// </summary>
/// <remarks>
/// A signal's latency is its emission wall time minus the wall time at which the rules made it
/// due: for a signal raised by an event, that event's time (= its produce time) plus the allowed
/// lateness the reorder buffer holds events for; for a signal raised by a timer pass, the minute
/// boundary of stream time at which the pass ran (detectors check their timers once a minute of
/// stream time), plus that hold when the pass came with a released event. So the figure is
/// what the transport and the engine add beyond the holds the configuration asks for.
/// Only signals due by the end of the measured <c>duration</c> plus the allowed lateness count
/// (those of the events produced within the duration, and of the timer passes by then): the
/// producer keeps the pace for twice the allowed lateness and a margin beyond the duration, so
/// every counted signal is judged while events flow at the rate. (When the input stops, the embedded Kafka holds an empty fetch for the
/// consumer's whole fetch wait instead of answering when records arrive, as a broker would; a
/// stream's last records wait for it.)
/// </remarks>
public static class PacedLatency
{
    private const int Partitions = 2;
    private static readonly TimeSpan s_idlePoll = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan s_flushTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan s_fetchTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan s_tail = TimeSpan.FromMilliseconds(200);

    public static LatencyFigure Run(DetectWorkload workload, DetectorOptions options, double rate, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rate);
        var kafkaOptions = new KafkaOptions { EventsTopic = "bench.live", Partitions = Partitions };
        using var kafka = new EmbeddedKafka();
        kafka.CreateTopic(kafkaOptions.EventsTopic, Partitions);
        var clock = new WallClock();
        var latencies = new List<double>();
        var windowEndMs = double.MaxValue;
        using var consumer = new EventConsumer(kafka.BootstrapServers, kafkaOptions);
        var partitions = new BenchPartition[Partitions];
        for (var p = 0; p < Partitions; p++)
        {
            partitions[p] = new BenchPartition(consumer.Chargers, consumer.TextCodes, options)
            {
                SignalDue = (_, dueMs) =>
                {
                    if (dueMs <= windowEndMs)
                    {
                        latencies.Add(clock.NowMs - dueMs);
                    }
                },
            };
        }

        var latestMs = new long[Partitions];
        Array.Fill(latestMs, long.MinValue);
        var arrivedMs = new double[Partitions];
        var receiver = new LiveReceiver(partitions, latestMs, arrivedMs, clock);

        long produced = 0;
        var producedFor = TimeSpan.Zero;
        var lateness = options.Availability.AllowedLateness;
        var paced = duration + lateness + lateness + s_tail;
        Exception? failure = null;
        var producer = new Thread(() =>
        {
            try
            {
                produced = Produce(kafka, kafkaOptions, workload, clock, rate, paced, out producedFor, cancellationToken);
            }
            catch (Exception ex) when (ex is KafkaException or InvalidOperationException or OperationCanceledException)
            {
                failure = ex;
            }
        })
        {
            IsBackground = true,
            Name = "e2e-paced-producer",
        };
        // The consumer fetches before the first event is produced: a cold start's connection
        // and metadata round trips are not part of any signal's latency.
        WaitForFetch(consumer, ref receiver, partitions.Length, cancellationToken);
        windowEndMs = clock.NowMs + (duration + lateness).TotalMilliseconds;
        producer.Start();
        while (producer.IsAlive)
        {
            cancellationToken.ThrowIfCancellationRequested();
            PollOrAdvance(consumer, ref receiver, partitions, latestMs, arrivedMs, clock);
        }

        producer.Join();
        if (failure is not null)
        {
            throw new InvalidOperationException("The paced producer stopped.", failure);
        }

        // Every produced event was delivered: read them all with the live clock still running.
        // (Asking the broker for the end offsets here would block this thread behind the
        // consumer's pending fetch, up to its wait, while the held signals fall due.)
        var drainEnd = Stopwatch.StartNew();
        while (consumer.Consumed + consumer.DecodeErrors < produced)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (drainEnd.Elapsed > s_fetchTimeout)
            {
                throw new InvalidOperationException($"The consumer read {consumer.Consumed + consumer.DecodeErrors:N0} of the {produced:N0} events produced within {s_fetchTimeout.TotalSeconds:N0} s.");
            }

            PollOrAdvance(consumer, ref receiver, partitions, latestMs, arrivedMs, clock);
        }

        // The live clock keeps going once the input stops: the events still held for the
        // allowed lateness are released by it, as they would be in an idle live partition.
        var tailEndMs = clock.NowMs + options.Availability.AllowedLateness.TotalMilliseconds + s_tail.TotalMilliseconds;
        while (clock.NowMs < tailEndMs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            PollOrAdvance(consumer, ref receiver, partitions, latestMs, arrivedMs, clock);
        }
        var sorted = latencies.ToArray();
        Array.Sort(sorted);
        return new LatencyFigure(
            rate,
            produced / Math.Max(producedFor.TotalSeconds, 1e-9),
            produced,
            partitions.Sum(p => p.Events),
            partitions.Sum(p => p.LateEvents),
            options.Availability.AllowedLateness,
            sorted);
    }

    /// <summary>Produces at <paramref name="rate"/> events/s for <paramref name="duration"/>, each stamped with the wall time it is produced at.</summary>
    private static long Produce(EmbeddedKafka kafka, KafkaOptions kafkaOptions, DetectWorkload workload, WallClock clock, double rate, TimeSpan duration, out TimeSpan elapsed, CancellationToken cancellationToken)
    {
        using var producer = new EventProducer(kafka.BootstrapServers, kafkaOptions) { TextCodes = workload.Texts };
        var events = workload.Events;
        var next = 0;
        long produced = 0;
        var started = Stopwatch.StartNew();
        while (started.Elapsed < duration && !cancellationToken.IsCancellationRequested)
        {
            var due = (long)(started.Elapsed.TotalSeconds * rate);
            while (produced < due)
            {
                var e = events[next];
                next = next + 1 == events.Length ? 0 : next + 1;
                e.TimestampMs = (long)clock.NowMs;
                producer.Produce(workload.Chargers, e);
                produced++;
            }

            // About a millisecond's worth of events per step: the pace holds at any rate this loop can reach.
            Thread.Sleep(1);
        }

        elapsed = started.Elapsed;
        if (!producer.Flush(s_flushTimeout) || producer.DeliveryErrors > 0)
        {
            throw new InvalidOperationException($"The events topic did not take every event: {producer.DeliveryErrors} delivery errors.");
        }

        return produced;
    }

    /// <summary>Polls until every partition's end has been seen once (the empty topic's end-of-partition notices).</summary>
    private static void WaitForFetch(EventConsumer consumer, ref LiveReceiver receiver, int partitions, CancellationToken cancellationToken)
    {
        var seen = 0;
        var clock = Stopwatch.StartNew();
        while (seen < partitions && clock.Elapsed < s_fetchTimeout)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (consumer.Poll(ref receiver, s_idlePoll))
            {
                seen++;
            }
        }
    }

    /// <summary>One poll; when it finds nothing, the idle partitions' clocks move on.</summary>
    private static void PollOrAdvance(EventConsumer consumer, ref LiveReceiver receiver, BenchPartition[] partitions, long[] latestMs, double[] arrivedMs, WallClock clock)
    {
        if (!consumer.Poll(ref receiver, s_idlePoll))
        {
            AdvanceIdle(partitions, latestMs, arrivedMs, clock.NowMs);
        }
    }

    /// <summary>With nothing to read, each partition's stream time moves on by the wall time since its latest event arrived.</summary>
    private static void AdvanceIdle(BenchPartition[] partitions, long[] latestMs, double[] arrivedMs, double nowMs)
    {
        for (var p = 0; p < partitions.Length; p++)
        {
            if (latestMs[p] != long.MinValue)
            {
                partitions[p].AdvanceTo(latestMs[p] + (long)(nowMs - arrivedMs[p]));
            }
        }
    }
}
