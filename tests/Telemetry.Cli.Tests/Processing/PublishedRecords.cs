using Confluent.Kafka;
using Telemetry.Kafka.Signals;

namespace Telemetry.Cli.Tests.Processing;

/// <summary>What <c>telemetry process</c> published to its signals and decisions topics, read back whole.</summary>
internal static class PublishedRecords
{
    /// <summary>Every record value of <paramref name="topic"/>, per partition in offset order.</summary>
    public static List<byte[]>[] Read(string bootstrapServers, string topic, int partitions)
    {
        var config = new ConsumerConfig { BootstrapServers = bootstrapServers, GroupId = "test-reader", EnableAutoCommit = false };
        using var consumer = new ConsumerBuilder<byte[], byte[]>(config).Build();
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var values = new List<byte[]>[partitions];
        for (var p = 0; p < partitions; p++)
        {
            var high = Telemetry.Kafka.Watermarks.High(consumer, new TopicPartition(topic, p), TimeSpan.FromSeconds(10));
            consumer.Assign(new TopicPartitionOffset(topic, p, Offset.Beginning));
            values[p] = [];
            while (values[p].Count < high)
            {
                values[p].Add(consumer.Consume(guard.Token).Message.Value);
            }
        }

        consumer.Close();
        return values;
    }

    /// <summary>
    /// The records of a decisions topic a correlator takes, as "partition: value" lines in order:
    /// in each decisions partition, a record is dropped when its position is at or before the
    /// last one taken from its events partition, as <c>CorrelatedPartition</c> drops copies.
    /// Asserts that a dropped copy equals the record taken at its position.
    /// </summary>
    public static List<string> TakenDecisions(List<byte[]>[] partitions)
    {
        var taken = new List<string>();
        for (var p = 0; p < partitions.Length; p++)
        {
            var last = new Dictionary<int, DecisionPosition>();
            var byPosition = new Dictionary<DecisionPosition, string>();
            foreach (var value in partitions[p])
            {
                Assert.True(DecisionCodec.TryReadHeader(value, out _, out var position), $"unreadable decision record in partition {p}");
                var line = p + ": " + Convert.ToHexString(value);
                if (last.TryGetValue(position.SourcePartition, out var seen) && position <= seen)
                {
                    if (byPosition.TryGetValue(position, out var first))
                    {
                        Assert.True(first == line, $"two records at {position} in partition {p}");
                    }

                    continue;
                }

                last[position.SourcePartition] = position;
                byPosition[position] = line;
                taken.Add(line);
            }
        }

        taken.Sort(StringComparer.Ordinal);
        return taken;
    }

    /// <summary>Asserts equal record lists, naming the first records that differ rather than dumping both.</summary>
    public static void AssertSame(List<string> expected, List<string> actual, string what)
    {
        var missing = expected.Except(actual).Take(3).ToList();
        var extra = actual.Except(expected).Take(3).ToList();
        Assert.True(
            missing.Count == 0 && extra.Count == 0 && expected.Count == actual.Count,
            $"{what} differ: {expected.Count} reference records, {actual.Count} records\nmissing: {string.Join('\n', missing)}\nextra: {string.Join('\n', extra)}");
    }

    /// <summary>
    /// Asserts that the decisions on <paramref name="decisionsTopic"/>, taken as the correlator
    /// takes them, and the distinct records on <paramref name="signalsTopic"/> equal those a
    /// reference run published to <c>reference.decisions</c> and <c>reference.signals</c>
    /// (<see cref="ReferenceRun.TablesAsync(CapturedFleet, string, string)"/>).
    /// </summary>
    public static void AssertSameAsReference(string bootstrapServers, string signalsTopic, string decisionsTopic)
    {
        AssertSame(
            TakenDecisions(Read(bootstrapServers, "reference.decisions", CapturedFleet.DecisionPartitions)),
            TakenDecisions(Read(bootstrapServers, decisionsTopic, CapturedFleet.DecisionPartitions)),
            "decisions");
        AssertSame(
            DistinctSignals(Read(bootstrapServers, "reference.signals", CapturedFleet.DecisionPartitions)),
            DistinctSignals(Read(bootstrapServers, signalsTopic, CapturedFleet.DecisionPartitions)),
            "signals");
    }

    /// <summary>The distinct record values of a signals topic (they carry no position), sorted.</summary>
    public static List<string> DistinctSignals(List<byte[]>[] partitions) =>
        partitions.SelectMany(p => p).Select(v => System.Text.Encoding.UTF8.GetString(v)).Distinct().Order(StringComparer.Ordinal).ToList();
}
