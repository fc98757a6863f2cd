namespace Telemetry.Testing;

/// <summary>
/// Measures what a steady-state action allocates on the current thread, robust against one-off
/// runtime work. <see cref="GC.GetAllocatedBytesForCurrentThread"/> now and then counts a few KB
/// that the measured code never asked for (dotnet/runtime#63487, under parallel test runs), and
/// tiered compilation or lazily built runtime structures may allocate once inside a window. Code
/// that allocates per event allocates in every run, an artefact shows in one run only, so the
/// fewest bytes over several runs is the figure to assert.
/// </summary>
public static class AllocationMeter
{
    /// <summary>How many times the action runs unless the caller says otherwise.</summary>
    public const int DefaultRuns = 3;

    /// <summary>
    /// Runs <paramref name="run"/> <paramref name="runs"/> times and returns the fewest bytes the
    /// current thread allocated in any one run. Every run happens (no early exit), so state the
    /// action changes advances by exactly <paramref name="runs"/> runs.
    /// </summary>
    /// <param name="run">The measured action; create it before calling, invoking it must allocate nothing itself.</param>
    /// <param name="runs">How many runs; at least one.</param>
    public static long FewestBytes(Action run, int runs = DefaultRuns)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        var fewest = long.MaxValue;
        for (var k = 0; k < runs; k++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            run();
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return fewest;
    }

    /// <summary>
    /// Runs <paramref name="run"/> with run numbers 0 to <paramref name="runs"/> - 1 and returns the
    /// fewest bytes the current thread allocated in any one run. The run number lets each run use
    /// its own prepared inputs (later times, fresh members) where repeating the same inputs would
    /// change what is measured.
    /// </summary>
    /// <param name="run">The measured action, given the run number; create it and its inputs before calling.</param>
    /// <param name="runs">How many runs; at least one.</param>
    public static long FewestBytes(Action<int> run, int runs = DefaultRuns)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        var fewest = long.MaxValue;
        for (var k = 0; k < runs; k++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            run(k);
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return fewest;
    }
}
