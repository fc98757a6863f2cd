using Telemetry.Engine.Sessions;
using Telemetry.Engine.Tests.Support;
using Telemetry.Engine.Uptime;
using Telemetry.Simulator;
using Telemetry.Simulator.Faults;

namespace Telemetry.Engine.Tests.Rollups;

/// <summary>Minute rollups judged against what the simulator injected (truth.json), not against their own output.</summary>
public sealed class MinuteActivityTruthTests(SimulatedFleetFixture shared) : IClassFixture<SimulatedFleetFixture>
{
    private const long Minute = 60_000;
    private static readonly SimulationOptions s_fleet = SimulatedFleetFixture.Options;

    [Fact]
    public async Task Connectors_AreDownWithLowHealth_InsideEveryInjectedConnectorFault()
    {
        var fleet = await shared.FleetAsync();
        var run = await shared.RunAsync();
        var tolerance = fleet.Truth.HeartbeatIntervalSeconds * 1000L;
        var faulted = fleet.Truth.Faults.Where(f => f.Kind == FaultKind.ConnectorFaulted).ToList();
        Assert.NotEmpty(faulted);

        var checkedMinutes = 0;
        foreach (var fault in faulted)
        {
            var charger = fleet.Chargers.Intern(fault.ChargePoint.AsSpan());
            var from = fault.Start.ToUnixTimeMilliseconds() + tolerance;
            var to = fault.End.ToUnixTimeMilliseconds() - tolerance;
            foreach (var minute in run.Connectors.Where(m => m.Charger == charger && m.Port == fault.Port && m.MinuteStartMs >= from && m.MinuteStartMs + Minute <= to))
            {
                Assert.Equal(Minute, minute.DownMs);
                Assert.True(minute.Health <= 40, $"{fault.Id}: health {minute.Health} at {minute.MinuteStartMs}");
                checkedMinutes++;
            }
        }

        Assert.True(checkedMinutes > 0);
    }

    [Fact]
    public async Task Chargers_ScoreFullHealth_EveryMinute_WhenNothingWasInjected()
    {
        var fleet = await shared.FleetAsync();
        var run = await shared.RunAsync();
        var disturbed = fleet.Truth.Faults.SelectMany(f => f.MemberChargers)
            .Concat(fleet.Truth.PlannedResets.Select(r => r.ChargePoint))
            .ToHashSet(StringComparer.Ordinal);
        var healthy = Enumerable.Range(0, fleet.Chargers.Count).Where(c => !disturbed.Contains(fleet.Chargers.NameOf(c))).ToHashSet();
        Assert.NotEmpty(healthy);

        var minutes = run.ChargerMinutes.Where(m => healthy.Contains(m.Charger)).ToList();
        Assert.True(minutes.Count >= healthy.Count * 24 * 60 * (s_fleet.Days - 1));
        Assert.All(minutes, m => Assert.Equal(100, m.Health));
    }

    [Fact]
    public async Task SessionCounters_AddUpToTheSessionRecords()
    {
        var fleet = await shared.FleetAsync();
        var run = await shared.RunAsync();
        Assert.NotEmpty(run.Sessions);

        var starts = Enumerable.Range(0, fleet.Chargers.Count).Sum(c => run.SessionDetector.CountsOf(c).Starts);
        Assert.Equal(starts, run.Connectors.Sum(m => m.SessionsStarted));
        Assert.Equal(run.Sessions.Count(s => s.Outcome == SessionOutcome.Succeeded), run.Connectors.Sum(m => m.SessionsSucceeded));
        Assert.Equal(
            run.Sessions.Count(s => s.Outcome is SessionOutcome.EarlyTermination or SessionOutcome.RejectedStart),
            run.Connectors.Sum(m => m.SessionsFailed));
        Assert.Equal(run.Connectors.Sum(m => m.SessionsStarted), run.ChargerMinutes.Sum(m => m.SessionsStarted));
        Assert.Equal(run.Connectors.Sum(m => m.SessionsSucceeded), run.ChargerMinutes.Sum(m => m.SessionsSucceeded));
        Assert.Equal(run.Connectors.Sum(m => (long)m.EnergyWh), run.ChargerMinutes.Sum(m => (long)m.EnergyWh));
        Assert.True(run.Connectors.Sum(m => (long)m.EnergyWh) > 0);
    }

    [Fact]
    public async Task UnplannedBoots_MatchEveryInjectedResetLoop()
    {
        var fleet = await SimulatedFleet.CreateAsync(new SimulationOptions { Chargers = 30, Sites = 3, Days = 2, Seed = 7, ResetLoopsPerChargerDay = 0.1 });
        var run = Run(fleet);
        var tolerance = fleet.Truth.HeartbeatIntervalSeconds * 1000L;
        var loops = fleet.Truth.Faults.Where(f => f.Kind == FaultKind.ResetLoop).ToList();
        Assert.NotEmpty(loops);

        foreach (var loop in loops)
        {
            var charger = fleet.Chargers.Intern(loop.ChargePoint.AsSpan());
            var from = loop.Start.ToUnixTimeMilliseconds() - Minute;
            var to = loop.End.ToUnixTimeMilliseconds() + tolerance;
            var boots = run.ChargerMinutes.Where(m => m.Charger == charger && m.MinuteStartMs >= from && m.MinuteStartMs < to).Sum(m => m.BootsUnplanned);
            Assert.Equal(loop.Boots, boots);
        }
    }

    [Fact]
    public async Task ConfiguredExclusion_TurnsDownMinutesIntoExcludedOnes_InTheUptimeFigures()
    {
        var fleet = await shared.FleetAsync();
        var tolerance = fleet.Truth.HeartbeatIntervalSeconds * 1000L;
        var fault = fleet.Truth.Faults.First(f => f.Kind == FaultKind.ConnectorFaulted && f.End - f.Start >= TimeSpan.FromMinutes(30));
        // Ten whole minutes well inside the fault, where the port is down for certain.
        var startMs = fault.Start.ToUnixTimeMilliseconds() + tolerance + Minute;
        var from = DateTimeOffset.FromUnixTimeMilliseconds(startMs - (startMs % Minute));
        var window = new ExclusionWindow { ChargePoint = fault.ChargePoint, Port = (ushort)fault.Port!.Value, From = from, To = from.AddMinutes(10), Reason = "maintenance" };

        var plain = await shared.RunAsync();
        var excluded = Run(fleet, new ExclusionOptions { Windows = [window] });

        var before = Assert.Single(plain.Uptime.Report(fleet.Chargers), r => r.ChargePoint == fault.ChargePoint && r.Port == fault.Port && r.Month is null);
        var after = Assert.Single(excluded.Uptime.Report(fleet.Chargers), r => r.ChargePoint == fault.ChargePoint && r.Port == fault.Port && r.Month is null);
        Assert.Equal(0, before.ExcludedMinutes);
        Assert.Equal(10, after.ExcludedMinutes, 6);
        Assert.Equal(before.OutageMinutes, after.OutageMinutes, 6);
        Assert.Equal(before.ObservedMinutes, after.ObservedMinutes, 6);
        Assert.Equal(before.UptimePercent + (10 / before.ObservedMinutes * 100), after.UptimePercent, 6);
        Assert.All(
            excluded.Connectors.Where(m => m.MinuteStartMs >= window.From.ToUnixTimeMilliseconds() && m.MinuteStartMs < window.To.ToUnixTimeMilliseconds()
                && fleet.Chargers.NameOf(m.Charger) == fault.ChargePoint && m.Port == fault.Port),
            m => Assert.Equal((0, Minute), (m.DownMs, (long)m.ExcludedMs)));
    }

    private static ActivityPipeline Run(SimulatedFleet fleet, ExclusionOptions? exclusions = null) =>
        new ActivityPipeline(fleet.Chargers, exclusions).Run(fleet.Events, fleet.Truth.End.ToUnixTimeMilliseconds());
}
