using Telemetry.Engine.Alarms;
using Telemetry.Engine.Signals;
using Telemetry.Engine.Tests.Support;
using Telemetry.Ocpp.Events;
using Telemetry.Simulator;
using Telemetry.Simulator.Faults;

namespace Telemetry.Engine.Tests.Alarms;

/// <summary>The alarm detector judged against the faults the simulator injected (truth.json), not against its own output.</summary>
public sealed class AlarmDetectorTruthTests
{
    private static readonly SimulationOptions s_fleet = new() { Chargers = 30, Sites = 3, Days = 4, Seed = 7 };
    private static readonly TimeSpan s_age = new AlarmOptions().AgeToRaise;

    [Fact]
    public async Task OnEvent_RaisesAging_OnlyForInjectedConnectorFaultsOpenLongerThanTheThreshold()
    {
        var fleet = await SimulatedFleet.CreateAsync(s_fleet);
        var signals = Detect(fleet);
        var aged = fleet.Truth.Faults.Where(f => f.Kind == FaultKind.ConnectorFaulted && f.End - f.Start > s_age).ToList();
        var young = fleet.Truth.Faults.Where(f => f.Kind == FaultKind.ConnectorFaulted && f.End - f.Start < s_age).ToList();
        Assert.NotEmpty(aged);
        Assert.NotEmpty(young);
        foreach (var fault in young)
        {
            Assert.DoesNotContain(signals, s => s.Type == SignalTypes.AlarmAging && s.ChargePoint == fault.ChargePoint && s.Port == fault.Port);
        }

        foreach (var fault in aged)
        {
            var raised = Assert.Single(signals, s => s.Type == SignalTypes.AlarmAging && s.State == SignalState.Raised
                && s.ChargePoint == fault.ChargePoint && s.Port == fault.Port);
            Assert.InRange(raised.TimestampMs, (fault.Start + s_age).ToUnixTimeMilliseconds(), (fault.Start + s_age + TimeSpan.FromMinutes(5)).ToUnixTimeMilliseconds());
        }
    }

    [Fact]
    public async Task OnEvent_RaisesNoAlarmSignal_OnChargersWithoutAnInjectedFault()
    {
        var fleet = await SimulatedFleet.CreateAsync(s_fleet);
        var signals = Detect(fleet);
        var faulty = fleet.Truth.Faults.Select(f => f.ChargePoint).ToHashSet(StringComparer.Ordinal);

        Assert.True(fleet.Truth.Chargers > faulty.Count);
        Assert.DoesNotContain(signals, s => !faulty.Contains(s.ChargePoint));
    }

    private static List<Signal> Detect(SimulatedFleet fleet)
    {
        var sink = new RecordingSink();
        var detector = new AlarmDetector(fleet.Chargers, new TextCodeRegistry(), new AlarmOptions(), sink);
        var latest = long.MinValue;
        foreach (var e in fleet.Events)
        {
            if (e.TimestampMs > latest)
            {
                latest = e.TimestampMs;
                detector.Tick(latest - 120_000);
            }

            detector.OnEvent(e);
        }

        detector.Tick(fleet.Truth.End.ToUnixTimeMilliseconds());
        return sink.Signals;
    }
}
