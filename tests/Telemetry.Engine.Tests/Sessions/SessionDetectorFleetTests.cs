using Telemetry.Engine.Sessions;
using Telemetry.Engine.Tests.Support;
using Telemetry.Ocpp.Events;
using Telemetry.Simulator;

namespace Telemetry.Engine.Tests.Sessions;

/// <summary>The session detector over a simulated fleet whose sessions are all healthy.</summary>
public sealed class SessionDetectorFleetTests
{
    [Fact]
    public async Task OnEvent_JudgesEverySimulatedSessionSuccessful_AndRaisesNothing()
    {
        var fleet = await SimulatedFleet.CreateAsync(new SimulationOptions { Chargers = 20, Sites = 2, Days = 3, Seed = 5, Ocpp201Share = 0.5 });
        var sink = new RecordingSessionSink();
        var detector = new SessionDetector(fleet.Chargers, new SessionOptions(), sink);
        foreach (var e in fleet.Events)
        {
            detector.OnEvent(e);
        }

        detector.Tick(fleet.Truth.End.ToUnixTimeMilliseconds());

        Assert.Empty(sink.Signals);
        Assert.True(sink.Sessions.Count > 100);
        Assert.Contains(sink.Sessions, s => s.Version == OcppVersion.V16);
        Assert.Contains(sink.Sessions, s => s.Version == OcppVersion.V201);
        Assert.All(sink.Sessions, s => Assert.Equal(SessionOutcome.Succeeded, s.Outcome));
        Assert.All(sink.Sessions, s => Assert.True(s.EnergyWh > 0 && s.PeakPowerW > 0 && s.EndMs > s.StartMs));
        Assert.Equal(0, detector.UnmatchedStops);
        var total = default(SessionCounts);
        for (var c = 0; c < fleet.Chargers.Count; c++)
        {
            total = total.Plus(detector.CountsOf(c));
        }

        Assert.Equal(sink.Sessions.Count, total.Successes);
        Assert.Equal(0, total.FailedStarts + total.EarlyTerminations);
    }
}
