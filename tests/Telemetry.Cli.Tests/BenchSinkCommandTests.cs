using Npgsql;
using Telemetry.Cli.Tests.Support;
using Telemetry.Testing;

namespace Telemetry.Cli.Tests;

/// <summary><c>telemetry bench sink</c> against the real PostgreSQL that ops/test.sh starts.</summary>
public sealed class BenchSinkCommandTests
{
    [Fact]
    public async Task BenchSink_PrintsEveryFigureAndDropsItsScratchDatabases_WhenRunOnSmallInput()
    {
        var server = Environment.GetEnvironmentVariable(ThrowawayDatabase.ServerVariable);
        Assert.False(string.IsNullOrWhiteSpace(server), $"{ThrowawayDatabase.ServerVariable} is not set; run the tests with ops/test.sh.");

        var result = await TelemetryProcess.RunAsync("bench", "sink", "--timescale", server, "--rows", "20000", "--batch", "5000");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("plain multi-row INSERT (baseline)", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("exactly-once (COPY + merge + offsets)", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("exactly-once + hour/day upkeep", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("exactly-once / plain INSERT:", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("target >= 150,000", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(server, result.Stdout + result.Stderr, StringComparison.Ordinal);
        await using var admin = NpgsqlDataSource.Create(server);
        await using var count = admin.CreateCommand("SELECT count(*) FROM pg_database WHERE datname LIKE 'telemetry_bench_%'");
        Assert.Equal(0L, (long)(await count.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task BenchSink_FailsWithAClearMessage_WhenNoDatabaseIsGiven()
    {
        var result = await TelemetryProcess.RunAsync("bench", "sink");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--timescale", result.Stderr, StringComparison.Ordinal);
    }
}
