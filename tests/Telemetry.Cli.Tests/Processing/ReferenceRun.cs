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

        var tables = await DatabaseTables.SnapshotAsync(db);
        Assert.Contains(tables, row => row.StartsWith("connector_minute: ", StringComparison.Ordinal));
        Assert.Contains(tables, row => row.StartsWith("signals: ", StringComparison.Ordinal));
        Assert.Contains(tables, row => row.StartsWith("outages: ", StringComparison.Ordinal));
        return tables;
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
}
