using Telemetry.Engine.Inventory;
using Telemetry.Engine.Uptime;
using Telemetry.Ocpp.Events;
using static Telemetry.Engine.Tests.Rollups.Events;

namespace Telemetry.Engine.Tests.Rollups;

public sealed class MinuteActivityTests
{
    private const long Minute = 60_000;
    private static readonly DateTimeOffset s_startTime = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly long s_start = s_startTime.ToUnixTimeMilliseconds();

    [Fact]
    public void OnRollup_MovesDownMinutesIntoExcluded_InsideAConfiguredWindow()
    {
        var chargers = new ChargerRegistry();
        var cp = chargers.Intern("CP-1".AsSpan());
        var exclusions = new ExclusionOptions
        {
            Windows = [new ExclusionWindow { ChargePoint = "CP-1", Port = 1, From = s_startTime.AddMinutes(12), To = s_startTime.AddMinutes(16), Reason = "maintenance" }],
        };

        var run = new ActivityPipeline(chargers, exclusions).Run(FaultedBetween(cp, 10, 20, 40), At(40));

        var port1 = run.Connectors.Where(m => m.Port == 1).ToList();
        Assert.Equal(40, port1.Count);
        for (var m = 0; m < 40; m++)
        {
            var minute = port1[m];
            Assert.Equal(At(m), minute.MinuteStartMs);
            var excluded = m is >= 12 and < 16;
            var down = m is >= 10 and < 20 && !excluded;
            Assert.Equal(excluded ? Minute : 0, minute.ExcludedMs);
            Assert.Equal(down ? Minute : 0, minute.DownMs);
            Assert.Equal(60_000, minute.UpMs + minute.DownMs + minute.ExcludedMs + minute.UnknownMs);
        }

        // 23 CFR 680.116(b) by hand: T = 40, T_outage = 10, T_excluded = 4 → (40 − 6) / 40.
        var whole = Assert.Single(run.Uptime.Report(chargers), r => r.Port == 1 && r.Month is null);
        Assert.Equal(10, whole.OutageMinutes, 6);
        Assert.Equal(4, whole.ExcludedMinutes, 6);
        Assert.Equal(40, whole.ObservedMinutes, 6);
        Assert.Equal(85, whole.UptimePercent, 6);
    }

    [Fact]
    public void OnRollup_ScoresZeroWhenDown_AndFullWhenUp()
    {
        var chargers = new ChargerRegistry();
        var cp = chargers.Intern("CP-1".AsSpan());

        var events = FaultedBetween(cp, 10, 20, 40);
        // A warning while the port stays usable: up, but an open alarm.
        events.Add(Status(cp, At(25) + 30_000, 1, ConnectorStatus.Available, ErrorCode.HighTemperature));
        events.Add(Status(cp, At(27), 1, ConnectorStatus.Available));
        events.Sort((a, b) => a.TimestampMs.CompareTo(b.TimestampMs));

        var run = new ActivityPipeline(chargers).Run(events, At(40));

        var port1 = run.Connectors.Where(m => m.Port == 1).ToList();
        var port2 = run.Connectors.Where(m => m.Port == 2).ToList();
        Assert.All(port1.Where(m => m.MinuteStartMs < At(10)), m => Assert.Equal(100, m.Health));
        Assert.All(port1.Where(m => m.MinuteStartMs >= At(10) && m.MinuteStartMs < At(20)), m => Assert.Equal(0, m.Health));
        Assert.Equal(100, port1.Single(m => m.MinuteStartMs == At(20)).Health);
        Assert.Equal(100 - 15, port1.Single(m => m.MinuteStartMs == At(25)).Health);
        Assert.Equal(100 - 15, port1.Single(m => m.MinuteStartMs == At(26)).Health);
        Assert.Equal(100, port1.Single(m => m.MinuteStartMs == At(27)).Health);
        Assert.Equal(1, port1.Single(m => m.MinuteStartMs == At(25)).AlarmsRaised);
        Assert.All(port2, m => Assert.Equal(100, m.Health));
        Assert.Equal(1, port1.Single(m => m.MinuteStartMs == At(10)).StatusChanges);
        Assert.Equal(1, port1.Single(m => m.MinuteStartMs == At(10)).AlarmsRaised);
        Assert.Equal(1, port1.Single(m => m.MinuteStartMs == At(20)).StatusChanges);
        Assert.Equal(2, port1.Sum(m => m.StatusChanges));
    }

    [Fact]
    public void OnRollup_GivesTheChargerItsBestPortsTime_AndItsWorstPortsHealth()
    {
        var chargers = new ChargerRegistry();
        var cp = chargers.Intern("CP-1".AsSpan());

        var run = new ActivityPipeline(chargers).Run(FaultedBetween(cp, 10, 20, 40), At(40));

        Assert.Equal(40, run.ChargerMinutes.Count);
        Assert.Equal(Enumerable.Range(0, 40).Select(m => At(m)), run.ChargerMinutes.Select(m => m.MinuteStartMs));
        var faulted = run.ChargerMinutes.Single(m => m.MinuteStartMs == At(15));
        Assert.Equal(Minute, faulted.UpMs);
        Assert.Equal(0, faulted.DownMs);
        Assert.Equal(0, faulted.Health);
        Assert.Equal(100, run.ChargerMinutes.Single(m => m.MinuteStartMs == At(5)).Health);
        Assert.Equal(2, run.ChargerMinutes.Sum(m => m.StatusChanges));
    }

    [Fact]
    public void OnEvent_CountsBootsAsTheResetDetectorClassifiesThem()
    {
        var chargers = new ChargerRegistry();
        var cp = chargers.Intern("CP-1".AsSpan());
        var events = Steady(cp, 120).ToList();
        events.Add(Boot(cp, At(0)));
        events.Add(Boot(cp, At(5) + 30_000));
        events.Add(Reset(cp, At(100)));
        events.Add(Boot(cp, At(101) + 30_000));
        events.Sort((a, b) => a.TimestampMs.CompareTo(b.TimestampMs));

        var run = new ActivityPipeline(chargers).Run(events, At(120));

        // The first boot (at minute 0) is unplanned too, but only later ones lower the health score.
        Assert.Equal([At(0), At(5)], run.ChargerMinutes.Where(m => m.BootsUnplanned > 0).Select(m => m.MinuteStartMs));
        var planned = Assert.Single(run.ChargerMinutes, m => m.BootsPlanned > 0);
        Assert.Equal(At(101), planned.MinuteStartMs);
        // An unplanned boot lowers the score for the recent window (1 h); a planned one does not.
        var port1 = run.Connectors.Where(m => m.Port == 1).ToDictionary(m => m.MinuteStartMs);
        Assert.Equal(100, port1[At(0)].Health);
        Assert.Equal(100, port1[At(4)].Health);
        Assert.Equal(100 - 15, port1[At(5)].Health);
        Assert.Equal(100 - 15, port1[At(64)].Health);
        Assert.Equal(100, port1[At(65)].Health);
        Assert.Equal(100, port1[At(110)].Health);
    }

    [Fact]
    public void OnEvent_AddsMeterStepsToTheirMinute_AndKeepsThePeakPower()
    {
        var chargers = new ChargerRegistry();
        var cp = chargers.Intern("CP-1".AsSpan());
        var events = Steady(cp, 10).ToList();
        events.Add(Meter(cp, At(3) + 10_000, 1, Measurand.EnergyActiveImportRegister, 1000));
        events.Add(Meter(cp, At(3) + 30_000, 1, Measurand.PowerActiveImport, 7000));
        events.Add(Meter(cp, At(3) + 40_000, 1, Measurand.EnergyActiveImportRegister, 1500));
        events.Add(Meter(cp, At(4) + 10_000, 1, Measurand.PowerActiveImport, 11_000));
        events.Add(Meter(cp, At(4) + 20_000, 1, Measurand.EnergyActiveImportRegister, 2600));
        events.Add(Meter(cp, At(4) + 30_000, 1, Measurand.PowerActiveImport, 9000));
        events.Sort((a, b) => a.TimestampMs.CompareTo(b.TimestampMs));

        var run = new ActivityPipeline(chargers).Run(events, At(10));

        var port1 = run.Connectors.Where(m => m.Port == 1).ToDictionary(m => m.MinuteStartMs);
        Assert.Equal(500, port1[At(3)].EnergyWh);
        Assert.Equal(7000, port1[At(3)].PeakPowerW);
        Assert.Equal(1100, port1[At(4)].EnergyWh);
        Assert.Equal(11_000, port1[At(4)].PeakPowerW);
        Assert.Equal(1600, run.ChargerMinutes.Sum(m => m.EnergyWh));
    }

    [Theory]
    [InlineData(true, 59_000 + (9 * 60_000))]
    [InlineData(false, 0)]
    public void OnRollup_ExcludesAnInoperativePort_OnlyWhenConfigured(bool inoperativeAsMaintenance, int expectedExcludedMs)
    {
        var chargers = new ChargerRegistry();
        var cp = chargers.Intern("CP-1".AsSpan());
        var events = Steady(cp, 30).ToList();
        events.Add(ChangeAvailability(cp, At(10), 1, AvailabilityType.Inoperative));
        events.Add(Status(cp, At(10) + 1000, 1, ConnectorStatus.Unavailable));
        events.Add(ChangeAvailability(cp, At(20), 1, AvailabilityType.Operative));
        events.Add(Status(cp, At(20) + 1000, 1, ConnectorStatus.Available));
        events.Sort((a, b) => a.TimestampMs.CompareTo(b.TimestampMs));

        var run = new ActivityPipeline(chargers, new ExclusionOptions { InoperativeAsMaintenance = inoperativeAsMaintenance }).Run(events, At(30));

        var port1 = run.Connectors.Where(m => m.Port == 1).ToList();
        Assert.Equal(expectedExcludedMs, port1.Sum(m => m.ExcludedMs));
        Assert.Equal(600_000 - expectedExcludedMs, port1.Sum(m => m.DownMs));
    }

    [Fact]
    public void OnRollup_ExcludesASiteWindow_ForEveryChargerTheInventoryPlacesThere()
    {
        var chargers = new ChargerRegistry();
        var cp = chargers.Intern("CP-1".AsSpan());
        var inventory = new FleetInventory([new ChargerInfo("CP-1", "SITE-A")]);
        var exclusions = new ExclusionOptions
        {
            Windows = [new ExclusionWindow { Site = "SITE-A", From = s_startTime.AddMinutes(5), To = s_startTime.AddMinutes(25), Reason = "utility" }],
        };

        var run = new ActivityPipeline(chargers, exclusions, inventory).Run(FaultedBetween(cp, 10, 20, 40), At(40));

        Assert.Equal(10 * Minute, run.Connectors.Where(m => m.Port == 1).Sum(m => m.ExcludedMs));
        Assert.Equal(0, run.Connectors.Sum(m => m.DownMs));
        Assert.Equal(0, run.Connectors.Where(m => m.Port == 2).Sum(m => m.ExcludedMs));
    }

    private static long At(int minute) => s_start + (minute * Minute);

    /// <summary>Ports 1 and 2 Available from the start, a heartbeat every minute.</summary>
    private static IEnumerable<TelemetryEvent> Steady(int cp, int minutes)
    {
        yield return Status(cp, s_start, 1, ConnectorStatus.Available);
        yield return Status(cp, s_start, 2, ConnectorStatus.Available);
        for (var m = 1; m < minutes; m++)
        {
            yield return Heartbeat(cp, At(m));
        }
    }

    /// <summary><see cref="Steady"/>, with port 1 Faulted (GroundFailure) from minute <paramref name="from"/> to <paramref name="to"/>.</summary>
    private static List<TelemetryEvent> FaultedBetween(int cp, int from, int to, int minutes)
    {
        var events = Steady(cp, minutes).ToList();
        events.Add(Status(cp, At(from), 1, ConnectorStatus.Faulted, ErrorCode.GroundFailure));
        events.Add(Status(cp, At(to), 1, ConnectorStatus.Available));
        // Stable: a status at the same time as a heartbeat stays after it.
        return [.. events.OrderBy(e => e.TimestampMs)];
    }
}
