using System.Text.Json;
using Telemetry.Simulator.Faults;

namespace Telemetry.Cli.Tests.Correlation;

/// <summary>
/// The distributed pipeline (process workers publishing to telemetry.decisions, correlators
/// reading it) against <c>telemetry replay</c> of the same capture with the default fault library.
/// </summary>
/// <remarks>
/// Replay ends its input: it flushes every detector and fires the correlator's deadlines up to
/// the capture's last event. The distributed correlator has released only what every events
/// partition's watermark passed, which trails the last event by the lateness and the signal
/// delay bound. Both outputs are therefore compared up to the lowest released watermark: every
/// record dated before it is a consequence of inputs released before it, in the same order.
/// Every answer is compared, <c>other_chargers_at_site</c> included: it counts only incidents of
/// the same kind (fleet-compared or not), which one decisions partition holds whole.
/// </remarks>
public sealed partial class CorrelateWorkerTests
{
    private const int Seed = 3;
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Run_PublishesTheIncidentsAndCommandsOfReplay_WhenTwoProcessWorkersFeedIt()
    {
        await using var rig = await CorrelationRig.CreateAsync(Seed);
        var reference = await rig.ReplayAsync();

        rig.Fleet.ProduceUpTo(0.5);
        await using (rig.StartProcess())
        await using (rig.StartProcess())
        {
            rig.Fleet.ProduceUpTo(1.0);
            await rig.WaitForProcessAsync();
        }

        long releasedMs;
        await using (var correlator = rig.StartCorrelator())
        {
            await InProcessCorrelator.WaitForAsync([correlator], rig.DecisionEnds(), s_timeout);
            releasedMs = correlator.Progress.Min(p => p.ReleasedMs);
            Assert.All(correlator.Progress, p => Assert.Equal(0, p.LateInputs + p.Malformed));
        }

        AssertSameBefore(reference, rig, releasedMs, allowIdenticalDuplicates: false);
    }

    [Fact]
    public async Task Run_EndsWithTheSameIncidents_WhenRestartedMidwayAndJoinedByASecondInstance()
    {
        await using var rig = await CorrelationRig.CreateAsync(Seed);
        var reference = await rig.ReplayAsync();

        rig.Fleet.ProduceUpTo(0.4);
        await using var process = rig.StartProcess();
        await rig.WaitForProcessAsync();
        await using (var first = rig.StartCorrelator())
        {
            await InProcessCorrelator.WaitForAsync([first], rig.DecisionEnds(), s_timeout);
        }

        rig.Fleet.ProduceUpTo(0.7);
        await rig.WaitForProcessAsync();
        long releasedMs;
        await using (var restarted = rig.StartCorrelator())
        {
            await InProcessCorrelator.WaitForAsync([restarted], rig.DecisionEnds(), s_timeout);
            rig.Fleet.ProduceUpTo(1.0);
            await using var joined = rig.StartCorrelator();
            await rig.WaitForProcessAsync();
            await InProcessCorrelator.WaitForAsync([restarted, joined], rig.DecisionEnds(), s_timeout);
            releasedMs = restarted.Progress.Concat(joined.Progress).Min(p => p.ReleasedMs);
        }

        AssertSameBefore(reference, rig, releasedMs, allowIdenticalDuplicates: true);
    }

    [Fact]
    public async Task Run_PublishesOneSiteIncidentPerSiteFault_ForSiteOutages()
    {
        await using var rig = await CorrelationRig.CreateAsync(Seed);
        rig.Fleet.ProduceUpTo(1.0);
        await using (rig.StartProcess())
        {
            await rig.WaitForProcessAsync();
        }

        await using (var correlator = rig.StartCorrelator())
        {
            await InProcessCorrelator.WaitForAsync([correlator], rig.DecisionEnds(), s_timeout);
        }

        // Each site fault (the library plans them a hold period apart) is one incident naming every
        // charger of its site, not one incident per charger.
        var siteFaults = rig.Truth.Faults.Where(f => f.Scope == FaultScope.Site).ToList();
        Assert.NotEmpty(siteFaults);
        var siteIncidents = rig.IncidentValues()
            .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("data"))
            .Where(data => data.GetProperty("scope").GetString() == "site")
            .GroupBy(data => data.GetProperty("incident").GetString())
            .Select(g => g.SelectMany(data => data.GetProperty("chargers").EnumerateArray().Select(c => c.GetString()!)).Distinct().Order(StringComparer.Ordinal).ToList())
            .ToList();
        Assert.Equal(siteFaults.Count, siteIncidents.Count);
        Assert.All(siteFaults, f => Assert.Contains(siteIncidents, chargers => chargers.SequenceEqual(f.Chargers.Order(StringComparer.Ordinal))));
    }

    internal static void AssertSameBefore((List<string> Incidents, List<string> Commands) reference, CorrelationRig rig, long releasedMs, bool allowIdenticalDuplicates)
    {
        Assert.True(releasedMs > long.MinValue, "no watermark was released");
        var incidents = rig.IncidentValues();
        var commands = rig.CommandValues();
        if (allowIdenticalDuplicates)
        {
            // A record published again after a restart is the very same record: same id, same text.
            foreach (var group in incidents.GroupBy(line => JsonDocument.Parse(line).RootElement.GetProperty("id").GetString()))
            {
                Assert.Single(group.Distinct());
            }

            incidents = [.. incidents.Distinct()];
            commands = [.. commands.Distinct()];
        }

        var expectedIncidents = CorrelationRig.Before(reference.Incidents, "time", releasedMs).ToList();
        var expectedCommands = CorrelationRig.Before(reference.Commands, "ts", releasedMs);
        Assert.NotEmpty(expectedIncidents);
        AssertSameLines(expectedIncidents, CorrelationRig.Before(incidents, "time", releasedMs).ToList(), "incidents");
        AssertSameLines(expectedCommands, CorrelationRig.Before(commands, "ts", releasedMs), "commands");
    }

    private static void AssertSameLines(List<string> expected, List<string> actual, string what)
    {
        var missing = expected.Except(actual).Take(3).ToList();
        var extra = actual.Except(expected).Take(3).ToList();
        Assert.True(
            missing.Count == 0 && extra.Count == 0 && expected.Count == actual.Count,
            $"{what} differ: replay {expected.Count} lines, Kafka {actual.Count}\nmissing: {string.Join('\n', missing)}\nextra: {string.Join('\n', extra)}");
    }
}
