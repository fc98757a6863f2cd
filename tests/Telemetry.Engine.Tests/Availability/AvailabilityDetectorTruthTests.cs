using Telemetry.Engine.Availability;
using Telemetry.Engine.Tests.Support;
using Telemetry.Simulator;
using Telemetry.Simulator.Faults;

namespace Telemetry.Engine.Tests.Availability;

/// <summary>The detector judged against the faults the simulator injected (truth.json), not against its own output.</summary>
public sealed class AvailabilityDetectorTruthTests
{
    private static readonly SimulationOptions s_fleet = new() { Chargers = 30, Sites = 3, Days = 4, Seed = 7 };

    [Fact]
    public async Task OnEvent_FindsEveryInjectedOfflineFault_WithinOneHeartbeatInterval()
    {
        var fleet = await SimulatedFleet.CreateAsync(s_fleet);
        var sink = fleet.Detect();
        var tolerance = TimeSpan.FromSeconds(fleet.Truth.HeartbeatIntervalSeconds);
        var offline = fleet.Truth.Faults.Where(f => f.Kind == FaultKind.Offline).ToList();
        Assert.NotEmpty(fleet.Truth.PlannedResets);
        Assert.NotEmpty(offline);

        foreach (var fault in offline)
        {
            var ports = sink.Outages.Where(o => o.ChargePoint == fault.ChargePoint).Select(o => o.Port).Distinct().ToList();
            Assert.NotEmpty(ports);
            foreach (var port in ports)
            {
                var outage = Assert.Single(sink.Outages, o => o.ChargePoint == fault.ChargePoint && o.Port == port && Overlaps(o, fault));
                Assert.Equal("offline", outage.Cause);
                AssertClose(fault.Start, outage.StartMs, tolerance);
                AssertClose(fault.End, outage.EndMs!.Value, tolerance);
            }
        }
    }

    [Fact]
    public async Task OnEvent_FindsEveryInjectedConnectorFault_OnThatPortOnly()
    {
        var fleet = await SimulatedFleet.CreateAsync(s_fleet);
        var sink = fleet.Detect();
        var tolerance = TimeSpan.FromSeconds(fleet.Truth.HeartbeatIntervalSeconds);
        var faulted = fleet.Truth.Faults.Where(f => f.Kind == FaultKind.ConnectorFaulted).ToList();
        Assert.NotEmpty(faulted);

        foreach (var fault in faulted)
        {
            var outage = Assert.Single(sink.Outages, o => o.ChargePoint == fault.ChargePoint && Overlaps(o, fault));
            Assert.Equal(fault.Port, outage.Port);
            Assert.StartsWith("faulted", outage.Cause, StringComparison.Ordinal);
            AssertClose(fault.Start, outage.StartMs, tolerance);
            AssertClose(fault.End, outage.EndMs!.Value, tolerance);
        }
    }

    [Fact]
    public async Task OnEvent_RaisesNoOutage_OutsideInjectedDisruptions()
    {
        var fleet = await SimulatedFleet.CreateAsync(s_fleet);
        var sink = fleet.Detect();

        // A planned reset takes the charger offline while it reboots: a real outage that NEVI
        // counts unless excluded. The simulator reconnects within minutes of the Reset.
        var plannedReboot = TimeSpan.FromMinutes(5);
        foreach (var outage in sink.Outages)
        {
            var explained = fleet.Truth.Faults.Any(f => f.ChargePoint == outage.ChargePoint && (f.Port is null || f.Port == outage.Port) && Overlaps(outage, f))
                || fleet.Truth.PlannedResets.Any(r => r.ChargePoint == outage.ChargePoint
                    && outage.StartMs >= r.Time.ToUnixTimeMilliseconds() && outage.StartMs <= (r.Time + plannedReboot).ToUnixTimeMilliseconds());
            Assert.True(explained, $"outage {outage} matches no injected fault or planned reset");
        }
    }

    [Fact]
    public async Task Rollups_AddUpToTheInjectedDowntime_PerPort()
    {
        var fleet = await SimulatedFleet.CreateAsync(s_fleet);
        var sink = fleet.Detect();
        var tolerance = TimeSpan.FromSeconds(fleet.Truth.HeartbeatIntervalSeconds);

        Assert.All(sink.Rollups, r => Assert.Equal(60_000, r.UpMs + r.DownMs + r.UnknownMs));
        foreach (var fault in fleet.Truth.Faults.Where(f => f.Port is not null))
        {
            var charger = fleet.Chargers.Intern(fault.ChargePoint.AsSpan());
            var downMs = sink.Rollups
                .Where(r => r.Charger == charger && r.Port == fault.Port
                    && r.MinuteStartMs >= fault.Start.ToUnixTimeMilliseconds() - 60_000 && r.MinuteStartMs < fault.End.ToUnixTimeMilliseconds())
                .Sum(r => (long)r.DownMs);
            Assert.InRange(TimeSpan.FromMilliseconds(downMs), fault.End - fault.Start - tolerance, fault.End - fault.Start + tolerance);
        }
    }

    private static bool Overlaps(Outage outage, InjectedFault fault) =>
        outage.StartMs < fault.End.ToUnixTimeMilliseconds() && (outage.EndMs ?? long.MaxValue) > fault.Start.ToUnixTimeMilliseconds();

    private static void AssertClose(DateTimeOffset expected, long actualMs, TimeSpan tolerance) =>
        Assert.InRange(actualMs, (expected - tolerance).ToUnixTimeMilliseconds(), (expected + tolerance).ToUnixTimeMilliseconds());
}
