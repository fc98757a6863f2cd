using System.Diagnostics;

namespace Telemetry.Bench.EndToEnd;

/// <summary>
/// What the whole process spent over an interval: garbage collections by generation, the time
/// the runtime was paused for them, and CPU time of every thread (librdkafka's included).
/// Take <see cref="Now"/> before and after, and subtract.
/// </summary>
public readonly record struct ProcessCost(int Gen0, int Gen1, int Gen2, TimeSpan GcPause, TimeSpan Cpu)
{
    public static ProcessCost Now()
    {
        using var process = Process.GetCurrentProcess();
        return new ProcessCost(
            GC.CollectionCount(0),
            GC.CollectionCount(1),
            GC.CollectionCount(2),
            GC.GetTotalPauseDuration(),
            process.TotalProcessorTime);
    }

    public static ProcessCost operator -(ProcessCost after, ProcessCost before) =>
        new(after.Gen0 - before.Gen0, after.Gen1 - before.Gen1, after.Gen2 - before.Gen2, after.GcPause - before.GcPause, after.Cpu - before.Cpu);

    public static ProcessCost operator +(ProcessCost left, ProcessCost right) =>
        new(left.Gen0 + right.Gen0, left.Gen1 + right.Gen1, left.Gen2 + right.Gen2, left.GcPause + right.GcPause, left.Cpu + right.Cpu);

    public static ProcessCost Subtract(ProcessCost after, ProcessCost before) => after - before;

    public static ProcessCost Add(ProcessCost left, ProcessCost right) => left + right;
}
