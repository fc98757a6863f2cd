using System.Diagnostics;
using System.Text.Json;
using Telemetry.Bench.Detect;
using Telemetry.Bench.Workloads;
using Telemetry.Engine;
using Telemetry.Ocpp.Events;
using Telemetry.Ocpp.Frames;
using Telemetry.Ocpp.Tap;

namespace Telemetry.Bench.EndToEnd;

/// <summary>
/// End to end in one process without Kafka (DESIGN §5): tap records → parser → reorder buffer →
/// detectors, one thread per core, each owning the chargers of its shard as a partition would.
/// Every pass over the capture is shifted one span later in event time, so state carries on.
/// </summary>
public static class InProcessPipeline
{
    public static RateFigure Run(CaptureRecords records, DetectorOptions options, int threads, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        var shards = Shard(records, threads);
        var spanMs = SpanMs(records);
        var events = new long[threads];
        var allocated = new long[threads];
        using var start = new Barrier(threads + 1);
        var workers = new Thread[threads];
        for (var t = 0; t < threads; t++)
        {
            var shard = t;
            workers[t] = new Thread(() => events[shard] = RunShard(records, shards[shard], options, spanMs, duration, start, out allocated[shard], cancellationToken))
            {
                IsBackground = true,
                Name = $"e2e-{shard}",
            };
            workers[t].Start();
        }

        start.SignalAndWait(cancellationToken);
        var clock = Stopwatch.StartNew();
        foreach (var worker in workers)
        {
            worker.Join();
        }

        var elapsed = clock.Elapsed;
        cancellationToken.ThrowIfCancellationRequested();
        return new RateFigure($"parse → detect, {threads} threads", events.Sum(), allocated.Sum(), elapsed, threads);
    }

    private static long RunShard(CaptureRecords records, int[] shard, DetectorOptions options, long spanMs, TimeSpan duration, Barrier start, out long allocated, CancellationToken cancellationToken)
    {
        var chargers = new ChargerRegistry();
        var parser = new TapRecordParser(chargers, new PendingCalls(100_000, TimeSpan.FromMinutes(5)));
        var partition = new BenchPartition(chargers, parser.TextCodes, options);
        var feed = new ShiftingFeed(partition);

        // Warm-up: one pass interns the chargers and grows the state and buffers.
        foreach (var index in shard)
        {
            parser.Parse(records.Record(index), ref feed);
        }

        start.SignalAndWait(cancellationToken);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var handled = Handled(partition);
        var clock = Stopwatch.StartNew();
        for (var pass = 1; clock.Elapsed < duration && !cancellationToken.IsCancellationRequested; pass++)
        {
            feed.ShiftMs = pass * spanMs;
            foreach (var index in shard)
            {
                parser.Parse(records.Record(index), ref feed);
            }
        }

        allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        return Handled(partition) - handled;
    }

    // Every event the partition took: detected, still held for the watermark, or refused as late.
    private static long Handled(BenchPartition partition) => partition.Events + partition.Buffered + partition.LateEvents;

    /// <summary>Splits the records by charge point id, so each shard holds whole chargers.</summary>
    private static int[][] Shard(CaptureRecords records, int shards)
    {
        var lists = new List<int>[shards];
        for (var s = 0; s < shards; s++)
        {
            lists[s] = [];
        }

        for (var i = 0; i < records.Count; i++)
        {
            var reader = new Utf8JsonReader(records.Record(i));
            var hash = 0u;
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("cp"u8) && reader.Read())
                {
                    foreach (var b in reader.ValueSpan)
                    {
                        hash = (hash * 31) + b;
                    }

                    break;
                }
            }

            lists[hash % (uint)shards].Add(i);
        }

        var result = new int[shards][];
        for (var s = 0; s < shards; s++)
        {
            result[s] = [.. lists[s]];
        }

        return result;
    }

    private static long SpanMs(CaptureRecords records)
    {
        var events = DetectWorkload.Parse(records, out _, out _);
        return events.Count == 0 ? 1 : events[^1].TimestampMs - events[0].TimestampMs + 60_000;
    }
}
