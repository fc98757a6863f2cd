using System.Diagnostics;
using Telemetry.Engine;
using Telemetry.Ocpp.Events;

namespace Telemetry.Bench.Detect;

/// <summary>
/// Quick detector figures (DESIGN §5 "Detectors") for <c>telemetry bench detect</c>: one
/// partition's detectors over the <see cref="DetectWorkload"/>, against a baseline that only
/// reads the same events and sums a field (the memory-bandwidth floor of handing them out).
/// Both run on the same chunks, alternately, after a warm-up that has every charger's state in
/// place, so the figures are steady state.
/// </summary>
public static class DetectRace
{
    public const string Baseline = "baseline: read + sum";
    public const string Detectors = "detectors: one partition";

    // Events per measured chunk: 32 MB, beyond the caches, so the baseline reads from memory.
    private const int ChunkEvents = 1 << 20;

    public static IReadOnlyList<RateFigure> Run(DetectWorkload workload, DetectorOptions options, TimeSpan duration, CancellationToken cancellationToken) =>
        Run(workload, options, duration, stage: null, out _, cancellationToken);

    /// <summary>Runs the race with only <paramref name="stage"/> of <see cref="BenchPartition.Stages"/>, or the whole set when null.</summary>
    public static IReadOnlyList<RateFigure> Run(DetectWorkload workload, DetectorOptions options, TimeSpan duration, string? stage, out BenchPartition partition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(options);
        partition = new BenchPartition(workload.Chargers, workload.Texts, options, stage);
        var chunkBase = Math.Max(1, ChunkEvents / workload.Copies);
        var chunk = new TelemetryEvent[chunkBase * workload.Copies];

        // Warm-up: every kind of event of every charger and port has reached the detectors, so their
        // tables have room for what follows; JIT has run on both loops.
        for (var start = 0; start < workload.Primers.Length; start += chunkBase)
        {
            var count = workload.FillPrimers(start, Math.Min(start + chunkBase, workload.Primers.Length), chunk);
            Detect(partition, chunk.AsSpan(0, count));
        }

        for (var start = 0; start < workload.WarmUpEvents; start += chunkBase)
        {
            var count = workload.Fill(0, start, Math.Min(start + chunkBase, workload.WarmUpEvents), chunk);
            Sum(chunk.AsSpan(0, count));
            Detect(partition, chunk.AsSpan(0, count));
        }

        var pass = 0;
        var next = workload.WarmUpEvents;
        var elapsed = new TimeSpan[2];
        var allocated = new long[2];
        long events = 0;
        long sum = 0;
        var clock = Stopwatch.StartNew();
        while (events == 0 || clock.Elapsed < duration)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (next >= workload.Events.Length)
            {
                pass++;
                next = 0;
            }

            var end = Math.Min(next + chunkBase, workload.Events.Length);
            var filled = chunk.AsSpan(0, workload.Fill(pass, next, end, chunk));

            var before = GC.GetAllocatedBytesForCurrentThread();
            var started = Stopwatch.GetTimestamp();
            sum += Sum(filled);
            elapsed[0] += Stopwatch.GetElapsedTime(started);
            allocated[0] += GC.GetAllocatedBytesForCurrentThread() - before;

            before = GC.GetAllocatedBytesForCurrentThread();
            started = Stopwatch.GetTimestamp();
            Detect(partition, filled);
            elapsed[1] += Stopwatch.GetElapsedTime(started);
            allocated[1] += GC.GetAllocatedBytesForCurrentThread() - before;

            events += filled.Length;
            next = end;
        }

        // The sum is used, so the baseline loop cannot be dropped.
        Checksum = sum;
        return
        [
            new RateFigure(Baseline, events, allocated[0], elapsed[0]),
            new RateFigure(stage ?? Detectors, events, allocated[1], elapsed[1]),
        ];
    }

    /// <summary>The baseline's sum over the last run.</summary>
    public static long Checksum { get; private set; }

    /// <summary>The baseline: reads every event and sums fields of it.</summary>
    public static long Sum(ReadOnlySpan<TelemetryEvent> events)
    {
        long sum = 0;
        foreach (ref readonly var e in events)
        {
            sum += e.Value + e.Charger + e.TimestampMs;
        }

        return sum;
    }

    /// <summary>Hands every event to the partition's reorder buffer and detectors.</summary>
    public static void Detect(BenchPartition partition, ReadOnlySpan<TelemetryEvent> events)
    {
        ArgumentNullException.ThrowIfNull(partition);
        foreach (ref readonly var e in events)
        {
            partition.OnEvent(e);
        }
    }
}
