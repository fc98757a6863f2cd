using System.Globalization;
using System.Text.RegularExpressions;
using Confluent.Kafka;
using Telemetry.Kafka.Embedded;

namespace Telemetry.Cli.Tests.Processing;

/// <summary>
/// <c>telemetry process</c> as a child process when Kafka refuses a Produce request of its
/// signals and decisions for good: it must stop with exit code 1 and the failure counted, and a
/// restart must leave the tables and the published records of a fault-free run.
/// </summary>
public sealed class ProcessDeliveryFailureTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(90);

    [Theory]
    [InlineData(ErrorCode.TopicAuthorizationFailed)]
    [InlineData(ErrorCode.InvalidRecord)]
    public async Task Process_ExitsOne_AndARestartPublishesEveryRecord_WhenKafkaRefusesADeliveryForGood(ErrorCode error)
    {
        using var fleet = await CapturedFleet.CreateAsync();
        await using var db = await DatabaseTables.CreateMigratedAsync();
        var options = fleet.Options;
        // The whole capture first: from here on the child is the only producer, so the refusal hits its request.
        fleet.ProduceUpTo(1.0);
        var ends = fleet.EndOffsets();

        using (var first = ProcessChild.Start(fleet.Kafka.BootstrapServers, options, db.ConnectionString))
        {
            await DatabaseTables.WaitForProgressAsync(db, options.GroupId, 1, s_timeout);
            fleet.Kafka.Cluster.PushRequestErrors(KafkaApiKey.Produce, error);

            var exitCode = await first.WaitForExitAsync(s_timeout);
            Assert.True(exitCode == 1, $"exit code {exitCode}:\n{first.Stderr}");
            var refused = Regex.Match(first.Stderr, "Kafka refused ([0-9]+) signal and decision messages for good");
            Assert.True(refused.Success, first.Stderr);
            Assert.True(long.Parse(refused.Groups[1].Value, CultureInfo.InvariantCulture) > 0, first.Stderr);
        }

        var applied = (await DatabaseTables.OffsetsAsync(db, options.GroupId, CapturedFleet.Partitions)).Sum();
        Assert.InRange(applied, 1, ends.Sum() - 1);

        using (var second = ProcessChild.Start(fleet.Kafka.BootstrapServers, options, db.ConnectionString))
        {
            await DatabaseTables.WaitForPublishedAsync(db, options.GroupId, options.EventsTopic + ">" + options.DecisionsTopic, ends, s_timeout);
            var exitCode = await second.TerminateAsync(s_timeout);
            Assert.True(exitCode == 0, $"exit code {exitCode}:\n{second.Stderr}");
        }

        var reference = await ReferenceRun.TablesAsync(fleet, "reference.signals", "reference.decisions");
        ReferenceRun.AssertSame(reference, await DatabaseTables.SnapshotAsync(db));
        PublishedRecords.AssertSameAsReference(fleet.Kafka.BootstrapServers, options.SignalsTopic, options.DecisionsTopic);
    }
}
