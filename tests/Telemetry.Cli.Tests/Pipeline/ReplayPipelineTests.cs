using Microsoft.Extensions.Logging.Abstractions;
using Telemetry.Cli.Pipeline;
using Telemetry.Cli.Tests.Support;
using Telemetry.Decide.Policy;
using Telemetry.Engine;
using Telemetry.Kafka;
using Telemetry.Ocpp.Tap;
using Telemetry.Simulator;
using Telemetry.Timescale.Sink;

namespace Telemetry.Cli.Tests.Pipeline;

/// <summary>
/// <see cref="ReplayPipeline"/> on a capture larger than the embedded Kafka keeps per partition:
/// librdkafka's mock cluster drops the oldest batches of a partition beyond 5 MiB, so without
/// back-pressure ingest outruns detection and records vanish before they are read.
/// </summary>
public sealed class ReplayPipelineTests
{
    /// <summary>librdkafka's mock cluster keeps 5 MiB of record batches per partition.</summary>
    private const long MockPartitionBytes = 5L * 1024 * 1024;

    /// <summary>The smallest an event record can be there: a 30-byte value, a key of at least 9 bytes (CP-000001) and framing.</summary>
    private const long MinRecordBytes = 40;

    [Fact]
    public async Task RunAsync_DetectsEveryIngestedEvent_AndMatchesManyPartitions_WhenOnePartitionHoldsMoreThanTheBrokerKeeps()
    {
        using var dir = new TempDirectory();
        var simulation = FleetSimulator.WriteTo(new SimulationOptions { Chargers = 400, Sites = 8, Days = 1, Seed = 3 }, dir.File("sim"));

        var one = await ReplayAsync(simulation, partitions: 1, dir.File("one"));
        var many = await ReplayAsync(simulation, partitions: 8, dir.File("many"));

        Assert.True(one.Ingested * MinRecordBytes > MockPartitionBytes, $"{one.Ingested} events do not overflow one partition");
        Assert.Equal(one.Ingested, one.Processed);
        Assert.Equal(one.Ingested, many.Ingested);
        Assert.Equal(many.Ingested, many.Processed);
        Assert.Equal(many.Rollups, one.Rollups);
        Assert.Equal(many.Signals.Count, one.Signals.Count);
        Assert.NotEmpty(one.Signals);
        foreach (var file in new[] { "signals.jsonl", "outages.csv", "uptime.csv", "sessions.csv" })
        {
            Assert.Equal(SortedLines(dir.File("many"), file), SortedLines(dir.File("one"), file));
        }
    }

    private static async Task<ReplayResult> ReplayAsync(SimulationSummary simulation, int partitions, string outDirectory)
    {
        var kafka = new KafkaOptions { Partitions = partitions };
        // The consumer otherwise fetches up to 100,000 records (64 MiB) ahead into its own queue,
        // out of the broker's reach, which would hide a loss at this capture size; the producer
        // ignores these two consumer settings.
        kafka.ClientSettings["queued.min.messages"] = "1000";
        kafka.ClientSettings["queued.max.messages.kbytes"] = "1024";
        var pipeline = new ReplayPipeline(
            kafka,
            new DetectorOptions(),
            new EscalationPolicyOptions(),
            new TapReaderOptions(),
            new SinkOptions(),
            NullLogger<ReplayPipeline>.Instance);
        var request = new ReplayRequest(simulation.CapturePath, CaptureFormat.Tap, simulation.InventoryPath, outDirectory, TimescaleConnection: null);
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        return await pipeline.RunAsync(request, progress: null, guard.Token);
    }

    private static string[] SortedLines(string directory, string file) =>
        [.. File.ReadAllLines(Path.Combine(directory, file)).Order(StringComparer.Ordinal)];
}
