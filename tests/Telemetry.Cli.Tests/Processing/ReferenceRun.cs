using Telemetry.Cli.Correlation;
using Telemetry.Decide.Policy;
using Telemetry.Engine;
using Telemetry.Engine.Inventory;
using Telemetry.Kafka.Publishing;

namespace Telemetry.Cli.Tests.Processing;

/// <summary>The tables a single fault-free worker leaves after reading the whole topic, and the comparison with them.</summary>
internal static class ReferenceRun
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(90);

    public static async Task<List<string>> TablesAsync(CapturedFleet fleet)
    {
        await using var db = await DatabaseTables.CreateMigratedAsync();
        var options = fleet.OptionsForGroup("reference-" + Guid.NewGuid().ToString("N"));
        await using (InProcessWorker.Start(fleet.Kafka.BootstrapServers, options, db))
        {
            await DatabaseTables.WaitForOffsetsAsync(db, options.GroupId, fleet.EndOffsets(), s_timeout);
        }

        return AssertFilled(await DatabaseTables.SnapshotAsync(db));
    }

    /// <summary>
    /// As <see cref="TablesAsync(CapturedFleet)"/>, with the worker also publishing its signals and
    /// decisions, as <c>telemetry process</c> does, to <paramref name="signalsTopic"/> and
    /// <paramref name="decisionsTopic"/> (of <see cref="CapturedFleet.DecisionPartitions"/> partitions);
    /// returns once every record is delivered.
    /// </summary>
    public static async Task<List<string>> TablesAsync(CapturedFleet fleet, string signalsTopic, string decisionsTopic)
    {
        await using var db = await DatabaseTables.CreateMigratedAsync();
        var options = fleet.OptionsForGroup("reference-" + Guid.NewGuid().ToString("N"));
        options.SignalsTopic = signalsTopic;
        options.DecisionsTopic = decisionsTopic;
        fleet.Kafka.CreateTopic(signalsTopic, CapturedFleet.DecisionPartitions);
        fleet.Kafka.CreateTopic(decisionsTopic, CapturedFleet.DecisionPartitions);
        using var publisher = new KafkaPublisher(fleet.Kafka.BootstrapServers, options, "reference-process", DecisionPublisher.PublisherGuarantees);
        using var decisions = new DecisionPublisher(
            publisher, options, new DetectorOptions(), new DecisionRouting(FleetInventory.Empty, new EscalationPolicyOptions()), CapturedFleet.DecisionPartitions);
        await using (InProcessWorker.Start(fleet.Kafka.BootstrapServers, options, db, FleetInventory.Empty, decisions))
        {
            await DatabaseTables.WaitForOffsetsAsync(db, options.GroupId, fleet.EndOffsets(), s_timeout);
        }

        Assert.True(publisher.Flush(s_timeout), "the reference run's signals and decisions were not delivered");
        Assert.Equal(0, publisher.DeliveryErrors);
        return AssertFilled(await DatabaseTables.SnapshotAsync(db));
    }

    /// <summary>Asserts equal tables, naming the first rows that differ rather than dumping both.</summary>
    public static void AssertSame(List<string> expected, List<string> actual)
    {
        var missing = expected.Except(actual).Take(5).ToList();
        var extra = actual.Except(expected).Take(5).ToList();
        Assert.True(
            missing.Count == 0 && extra.Count == 0 && expected.Count == actual.Count,
            $"tables differ: {expected.Count} reference rows, {actual.Count} rows\nmissing: {string.Join('\n', missing)}\nextra: {string.Join('\n', extra)}");
    }

    private static List<string> AssertFilled(List<string> tables)
    {
        Assert.Contains(tables, row => row.StartsWith("connector_minute: ", StringComparison.Ordinal));
        Assert.Contains(tables, row => row.StartsWith("signals: ", StringComparison.Ordinal));
        Assert.Contains(tables, row => row.StartsWith("outages: ", StringComparison.Ordinal));
        return tables;
    }
}
