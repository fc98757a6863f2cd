using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Telemetry.Benchmarks;

/// <summary>
/// The sink benchmarks' one job: each invocation writes 200,000 rows into emptied tables (an
/// iteration setup per invocation), a few seconds each, so a handful of single-invocation
/// iterations suffice. In process: a database-bound figure gains nothing from a separate
/// process, and building one is slow on a busy machine.
/// </summary>
public sealed class SinkBenchmarkConfig : ManualConfig
{
    public SinkBenchmarkConfig()
    {
        AddJob(Job.Default
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithWarmupCount(1)
            .WithIterationCount(5)
            .WithInvocationCount(1)
            .WithUnrollFactor(1)
            .WithToolchain(InProcessEmitToolchain.Instance));
    }
}
