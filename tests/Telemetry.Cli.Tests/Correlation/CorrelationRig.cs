using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Telemetry.Cli.Correlation;
using Telemetry.Cli.Hosting;
using Telemetry.Cli.Tests.Ingest;
using Telemetry.Cli.Tests.Processing;
using Telemetry.Cli.Tests.Support;
using Telemetry.Decide.Policy;
using Telemetry.Engine;
using Telemetry.Engine.Inventory;
using Telemetry.Files.Inventory;
using Telemetry.Kafka.Publishing;
using Telemetry.Simulator;
using Telemetry.Simulator.Faults;
using Telemetry.Simulator.Truth;
using Telemetry.Testing;

namespace Telemetry.Cli.Tests.Correlation;

/// <summary>
/// A simulated fleet with the default fault library on an embedded Kafka, with the topics of the
/// distributed pipeline, a throw-away database for the process workers, and the capture and
/// inventory on disk for the reference replay.
/// </summary>
internal sealed class CorrelationRig : IAsyncDisposable
{
    public const int DecisionPartitions = CapturedFleet.DecisionPartitions;
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    private readonly TempDirectory _dir;
    private readonly List<KafkaPublisher> _publishers = [];
    private readonly List<DecisionPublisher> _decisions = [];

    private CorrelationRig(TempDirectory dir, CapturedFleet fleet, ThrowawayDatabase db, FleetInventory inventory, SimulationTruth truth)
    {
        _dir = dir;
        Fleet = fleet;
        Db = db;
        Inventory = inventory;
        Truth = truth;
    }

    public CapturedFleet Fleet { get; }

    public ThrowawayDatabase Db { get; }

    public FleetInventory Inventory { get; }

    /// <summary>The faults the simulation injected into the capture.</summary>
    public SimulationTruth Truth { get; }

    public string BootstrapServers => Fleet.Kafka.BootstrapServers;

    /// <summary>The inventory CSV on disk, for <c>--inventory</c>.</summary>
    public string InventoryPath => _dir.File("inventory.csv");

    public static async Task<CorrelationRig> CreateAsync(int seed, int brokers = 1)
    {
        var simulation = SimulationOptions.ForFaults(FaultLibrary.ParseSelection("default"), chargers: 20, sites: 3, days: 2, seed);
        var dir = new TempDirectory();
        var simulator = new FleetSimulator(simulation);
        await using (var capture = File.Create(dir.File("capture.jsonl")))
        {
            simulator.WriteCapture(capture);
        }

        await using (var inventory = File.Create(dir.File("inventory.csv")))
        {
            simulator.WriteInventory(inventory);
        }

        var fleet = await CapturedFleet.CreateAsync(simulation, brokers);
        var options = fleet.Options;
        options.CorrelateGroupId = "correlate-" + Guid.NewGuid().ToString("N");
        // Watermarks every 30 minutes of event time keep the topic small; the release order does not depend on it.
        options.DecisionsWatermarkInterval = TimeSpan.FromMinutes(30);
        // One partition each, so that TopicReader reads them whole.
        fleet.Kafka.CreateTopic(options.IncidentsTopic, 1);
        fleet.Kafka.CreateTopic(options.CommandsTopic, 1);
        fleet.Kafka.CreateTopic(options.CorrelateCheckpointsTopic, DecisionPartitions);
        var db = await DatabaseTables.CreateMigratedAsync();
        return new CorrelationRig(dir, fleet, db, InventoryCsvReader.Read(dir.File("inventory.csv")), simulator.Truth);
    }

    /// <summary>A process worker that publishes the correlator's inputs, as <c>telemetry process --inventory</c>.</summary>
    public InProcessWorker StartProcess()
    {
        var publisher = new KafkaPublisher(BootstrapServers, Fleet.Options, "test-process", DecisionPublisher.PublisherGuarantees);
        var decisions = new DecisionPublisher(publisher, Fleet.Options, new DetectorOptions(), new DecisionRouting(Inventory, new EscalationPolicyOptions()), DecisionPartitions);
        _publishers.Add(publisher);
        _decisions.Add(decisions);
        return InProcessWorker.Start(BootstrapServers, Fleet.Options, Db, Inventory, decisions);
    }

    public InProcessCorrelator StartCorrelator(CorrelateOptions? correlate = null) => InProcessCorrelator.Start(BootstrapServers, Fleet.Options, Inventory, correlate: correlate);

    /// <summary>
    /// A correlator that also writes its incidents and commands to <see cref="Db"/>, as <c>telemetry
    /// correlate --timescale</c>, under the executable's configuration (appsettings.json,
    /// escalation-policy.json) as <see cref="StartCorrelateChild"/> runs: a checkpoint is refused
    /// under another escalation policy or other authorisation options, so one of them restores
    /// what the other wrote.
    /// </summary>
    /// <param name="applicationName">The name its database connections carry, to tell them from the process workers'.</param>
    public InProcessCorrelator StartStoringCorrelator(string? applicationName = null)
    {
        using var host = TelemetryHost.Build(new Dictionary<string, string?>());
        return InProcessCorrelator.Start(
            BootstrapServers,
            Fleet.Options,
            Inventory,
            host.Services.GetRequiredService<EscalationPolicyOptions>(),
            timescale: new NpgsqlConnectionStringBuilder(Db.ConnectionString) { ApplicationName = applicationName }.ConnectionString,
            detectors: host.Services.GetRequiredService<DetectorOptions>());
    }

    /// <summary>A <c>telemetry correlate --timescale</c> child process on the rig's Kafka and database; disposing it kills it.</summary>
    public RunningTelemetry StartCorrelateChild() => CorrelateChild.Start(BootstrapServers, Fleet.Options, Db.ConnectionString, InventoryPath);

    /// <summary>Waits until the process group applied every event and stored its outputs as delivered.</summary>
    public Task WaitForProcessAsync() =>
        DatabaseTables.WaitForPublishedAsync(Db, Fleet.Options.GroupId, Fleet.Options.EventsTopic + ">" + Fleet.Options.DecisionsTopic, Fleet.EndOffsets(), s_timeout);

    /// <summary>The end offsets of the decisions topic.</summary>
    public long[] DecisionEnds()
    {
        using var consumer = new Confluent.Kafka.ConsumerBuilder<byte[], byte[]>(new Confluent.Kafka.ConsumerConfig { BootstrapServers = BootstrapServers, GroupId = "ends" }).Build();
        var ends = new long[DecisionPartitions];
        for (var p = 0; p < ends.Length; p++)
        {
            ends[p] = Telemetry.Kafka.Watermarks.High(consumer, new Confluent.Kafka.TopicPartition(Fleet.Options.DecisionsTopic, p), TimeSpan.FromSeconds(10));
        }

        return ends;
    }

    public List<string> IncidentValues() => TopicReader.Values(BootstrapServers, Fleet.Options.IncidentsTopic);

    public List<string> CommandValues() => TopicReader.Values(BootstrapServers, Fleet.Options.CommandsTopic);

    /// <summary>Runs <c>telemetry replay --inventory --out</c> on the same capture; returns its incidents.jsonl and commands.jsonl lines.</summary>
    public async Task<(List<string> Incidents, List<string> Commands)> ReplayAsync()
    {
        var output = _dir.File("replay");
        var result = await TelemetryProcess.RunAsync("replay", _dir.File("capture.jsonl"), "--inventory", _dir.File("inventory.csv"), "--out", output);
        Assert.True(result.ExitCode == 0, result.ToString());
        return (
            [.. File.ReadAllLines(Path.Combine(output, "incidents.jsonl"))],
            [.. File.ReadAllLines(Path.Combine(output, "commands.jsonl"))]);
    }

    /// <summary>Runs <c>telemetry replay --inventory --timescale</c> on the same capture into <paramref name="database"/>.</summary>
    public async Task ReplayIntoAsync(ThrowawayDatabase database)
    {
        var result = await TelemetryProcess.RunAsync(
            "replay", _dir.File("capture.jsonl"), "--inventory", _dir.File("inventory.csv"), "--out", _dir.File("replay-db"), "--timescale", database.ConnectionString);
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    /// <summary>The lines dated before <paramref name="untilMs"/>: incidents by their CloudEvents <c>time</c>, commands by <c>ts</c>.</summary>
    public static List<string> Before(IEnumerable<string> lines, string timeField, long untilMs)
    {
        var kept = new List<string>();
        foreach (var line in lines)
        {
            using var json = JsonDocument.Parse(line);
            var time = DateTimeOffset.Parse(json.RootElement.GetProperty(timeField).GetString()!, CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
            if (time < untilMs)
            {
                kept.Add(line);
            }
        }

        kept.Sort(StringComparer.Ordinal);
        return kept;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var decisions in _decisions)
        {
            decisions.Dispose();
        }

        foreach (var publisher in _publishers)
        {
            publisher.Dispose();
        }

        await Db.DisposeAsync();
        Fleet.Dispose();
        _dir.Dispose();
    }
}
