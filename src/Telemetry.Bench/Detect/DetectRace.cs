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

    // Base events per measured chunk: with hundreds of copies, about a million events.
    private const int ChunkBaseEvents = 2_000;

    public static IReadOnlyList<RateFigure> Run(DetectWorkload workload, DetectorOptions options, TimeSpan duration, CancellationToken cancellationToken) =>
        Run(workload, options, duration, stage: null, out _, cancellationToken);

    /// <summary>Runs the race with only <paramref name="stage"/> of <see cref="BenchPartition.Stages"/>, or the whole set when null.</summary>
    public static IReadOnlyList<RateFigure> Run(DetectWorkload workload, DetectorOptions options, TimeSpan duration, string? stage, out BenchPartition partition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(options);
        partition = new BenchPartition(workload.Chargers, workload.Texts, options, stage);
        var detect = new PartitionFeed(partition);
        var sum = new SumFeed();

        // Warm-up: every charger has booted and reported; JIT has run on both loops.
        workload.Play(0, 0, workload.WarmUpEvents, ref detect);
        workload.Play(0, 0, workload.WarmUpEvents, ref sum);

        var pass = 0;
        var next = workload.WarmUpEvents;
        var elapsed = new TimeSpan[2];
        var allocated = new long[2];
        long events = 0;
        var clock = Stopwatch.StartNew();
        while (events == 0 || clock.Elapsed < duration)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (next >= workload.Events.Length)
            {
                pass++;
                next = 0;
            }

            var end = Math.Min(next + ChunkBaseEvents, workload.Events.Length);
            var before = GC.GetAllocatedBytesForCurrentThread();
            var started = Stopwatch.GetTimestamp();
            workload.Play(pass, next, end, ref sum);
            elapsed[0] += Stopwatch.GetElapsedTime(started);
            allocated[0] += GC.GetAllocatedBytesForCurrentThread() - before;

            before = GC.GetAllocatedBytesForCurrentThread();
            started = Stopwatch.GetTimestamp();
            workload.Play(pass, next, end, ref detect);
            elapsed[1] += Stopwatch.GetElapsedTime(started);
            allocated[1] += GC.GetAllocatedBytesForCurrentThread() - before;

            events += (long)(end - next) * workload.Copies;
            next = end;
        }

        GC.KeepAlive(sum.Sum);
        return
        [
            new RateFigure(Baseline, events, allocated[0], elapsed[0]),
            new RateFigure(stage ?? Detectors, events, allocated[1], elapsed[1]),
        ];
    }

    private struct SumFeed : IEventFeed
    {
        public long Sum;

        public void OnEvent(in TelemetryEvent e) => Sum += e.Value + e.Charger + e.TimestampMs;
    }

    private readonly struct PartitionFeed(BenchPartition partition) : IEventFeed
    {
        public void OnEvent(in TelemetryEvent e) => partition.OnEvent(e);
    }
}
