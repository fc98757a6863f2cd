namespace Telemetry.Cli.Tests.Support;

/// <summary>
/// Tests that compare before/after values of this process's Prometheus series: they run alone,
/// after the parallel tests, so that no other test moves the same process-global series meanwhile.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ScrapedMetrics
{
    public const string Name = "Scraped metrics";
}
