using Telemetry.Engine.Availability;
using Telemetry.Engine.Signals;
using Telemetry.Engine.Tests.Support;
using Telemetry.Ocpp.Events;
using Telemetry.Simulator;
using static Telemetry.Engine.Tests.Availability.PortEvents;

namespace Telemetry.Engine.Tests.Availability;

public sealed class AvailabilityDetectorTests
{
    private const long Minute = 60_000;
    private static readonly long s_start = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    [Fact]
    public void OnEvent_DatesSilentOutageFromFirstMissedHeartbeat_WhenNoDisconnectIsSeen()
    {
        var chargers = new ChargerRegistry();
        var cp = chargers.Intern("CP-1".AsSpan());
        var other = chargers.Intern("CP-2".AsSpan());
        var sink = new RecordingSink();
        var detector = new AvailabilityDetector(chargers, new AvailabilityOptions(), sink);
        detector.OnEvent(Status(cp, s_start, 1, ConnectorStatus.Available));
        detector.OnEvent(Status(other, s_start, 1, ConnectorStatus.Available));
        // Both heartbeat every 5 minutes, in time order as a partition delivers them;
        // CP-1 falls silent from minute 60 to minute 180 without a disconnect.
        for (var t = s_start; t <= s_start + (240 * Minute); t += 5 * Minute)
        {
            if (t <= s_start + (60 * Minute) || t >= s_start + (180 * Minute))
            {
                detector.OnEvent(Heartbeat(cp, t));
            }

            detector.OnEvent(Heartbeat(other, t));
        }

        detector.Finish(s_start + (240 * Minute));

        var outage = Assert.Single(sink.Outages, o => o.ChargePoint == "CP-1");
        Assert.Equal(s_start + (65 * Minute), outage.StartMs);
        Assert.Equal(s_start + (180 * Minute), outage.EndMs);
        var raised = Assert.Single(sink.Signals, s => s.Type == SignalTypes.CommsOffline && s.State == SignalState.Raised);
        Assert.Equal("heartbeat_timeout", raised.Evidence.Reason);
        Assert.DoesNotContain(sink.Outages, o => o.ChargePoint == "CP-2");
    }

    [Fact]
    public void OnEvent_TakesEveryPortDown_WhenConnectorZeroFaults()
    {
        var chargers = new ChargerRegistry();
        var cp = chargers.Intern("CP-1".AsSpan());
        var sink = new RecordingSink();
        var detector = new AvailabilityDetector(chargers, new AvailabilityOptions(), sink);
        detector.OnEvent(Status(cp, s_start, 1, ConnectorStatus.Available));
        detector.OnEvent(Status(cp, s_start, 2, ConnectorStatus.Charging));
        for (var t = s_start + (5 * Minute); t <= s_start + (60 * Minute); t += 5 * Minute)
        {
            detector.OnEvent(Heartbeat(cp, t));
            if (t == s_start + (10 * Minute))
            {
                detector.OnEvent(Status(cp, t, 0, ConnectorStatus.Faulted));
            }
            else if (t == s_start + (40 * Minute))
            {
                detector.OnEvent(Status(cp, t, 0, ConnectorStatus.Available));
            }
        }

        detector.Finish(s_start + (60 * Minute));

        Assert.Equal(2, sink.Outages.Count);
        Assert.All(sink.Outages, o =>
        {
            Assert.Equal(s_start + (10 * Minute), o.StartMs);
            Assert.Equal(s_start + (40 * Minute), o.EndMs);
            Assert.StartsWith("station_faulted", o.Cause, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task OnEvent_GivesIdenticalResults_WhenTheSameEventsAreReplayed()
    {
        var fleet = await SimulatedFleet.CreateAsync(new SimulationOptions { Chargers = 12, Sites = 2, Days = 2, Seed = 3 });

        var first = fleet.Detect();
        var second = fleet.Detect();

        Assert.Equal(first.Rollups, second.Rollups);
        Assert.Equal(first.Outages, second.Outages);
        Assert.Equal(first.Signals.Select(s => (s.Type, s.State, s.TimestampMs, s.ChargePoint, s.Port)), second.Signals.Select(s => (s.Type, s.State, s.TimestampMs, s.ChargePoint, s.Port)));
    }

    [Fact]
    public void Constructor_Throws_WhenOptionsAreInvalid()
    {
        var options = new AvailabilityOptions { OfflineAfterIntervals = 0.5 };

        var error = Assert.Throws<ArgumentException>(() => new AvailabilityDetector(new ChargerRegistry(), options, new RecordingSink()));
        Assert.Contains("OfflineAfterIntervals", error.Message, StringComparison.Ordinal);
    }
}
