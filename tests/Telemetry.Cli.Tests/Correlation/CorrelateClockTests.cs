using Telemetry.Cli.Correlation;
using Telemetry.Cli.Tests.Processing;
using Telemetry.Decide.Incidents;
using Telemetry.Decide.Policy;
using Telemetry.Engine;
using Telemetry.Engine.Inventory;
using Telemetry.Engine.Signals;
using Telemetry.Kafka.Signals;
using Telemetry.Ocpp.Events;

namespace Telemetry.Cli.Tests.Correlation;

/// <summary>The correlator's wall clock standing in for silent events sources, and only when it should.</summary>
public sealed class CorrelateClockTests
{
    private const long T0 = 1_772_323_200_000; // 2026-03-01T00:00:00Z
    private const int Sources = 2;
    private static readonly TimeSpan s_lag = TimeSpan.FromMinutes(67);
    private static readonly TimeSpan s_interval = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan s_maxDelay = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan s_step = TimeSpan.FromMinutes(1);

    [Fact]
    public void TickByWallClock_MovesTheIncidentToTheNextOwner_WhenItsDeadlinePassesWithNoNewInput()
    {
        // Source 0 reports a charger offline and passes ten minutes; source 1 never sends anything.
        var time = new ManualTime(DateTimeOffset.FromUnixTimeMilliseconds(T0 + 10 * 60_000) + s_lag);
        var (partition, log) = Partition(time);
        partition.OnRecord(0, OfflineSignal(0, 0, "CP-A", T0));
        partition.OnRecord(1, Watermark(0, 1, T0 + (10 * 60_000)));
        Assert.False(partition.TickByWallClock(caughtUp: true));

        for (var elapsed = TimeSpan.Zero; elapsed < TimeSpan.FromHours(6); elapsed += s_step)
        {
            time.Advance(s_step);
            partition.TickByWallClock(caughtUp: true);
        }

        var opened = Assert.Single(log.Incidents, r => r.State == IncidentState.Opened);
        Assert.Equal(Owner.Frontline, opened.Owner);
        var deadline = Assert.NotNull(opened.DeadlineMs);
        Assert.Equal(opened.TimestampMs + (long)new EscalationPolicyOptions().Causes["comms"].TimeLimit.TotalMilliseconds, deadline);
        var escalated = Assert.Single(log.Incidents, r => r.State == IncidentState.Escalated && r.Incident == opened.Incident);
        Assert.Equal(Owner.Techops, escalated.Owner);
        Assert.Equal(deadline, escalated.TimestampMs);
        Assert.True(partition.WallClockReleases > 0);
    }

    [Fact]
    public void TickByWallClock_WaitsForASource_UntilItHasBeenSilentBeyondTheIntervalAndMaxDelay()
    {
        var time = new ManualTime(DateTimeOffset.FromUnixTimeMilliseconds(T0 + 10 * 60_000) + s_lag);
        var (partition, log) = Partition(time);
        partition.OnRecord(0, OfflineSignal(0, 0, "CP-A", T0));
        partition.OnRecord(1, Watermark(0, 1, T0 + (10 * 60_000)));

        time.Advance(s_interval + s_maxDelay);
        Assert.False(partition.TickByWallClock(caughtUp: true));
        Assert.Empty(log.Incidents);

        time.Advance(s_step);
        Assert.True(partition.TickByWallClock(caughtUp: true));
        // Source 0 is silent too by now: both stand at wall clock − lag − max delay.
        Assert.Equal(time.GetUtcNow().ToUnixTimeMilliseconds() - (long)(s_lag + s_maxDelay).TotalMilliseconds, partition.ReleasedMs);
        Assert.Contains(log.Incidents, r => r.State == IncidentState.Opened);
    }

    [Fact]
    public void TickByWallClock_KeepsALiveSourcesWatermark_WhenAnotherIsSilent()
    {
        var time = new ManualTime(DateTimeOffset.FromUnixTimeMilliseconds(T0) + s_lag);
        var (partition, _) = Partition(time);
        var offset = 0L;
        // Source 0 is live, three minutes later than usual; source 1 never sends anything.
        for (var minute = 0; minute < 30; minute += 5)
        {
            partition.OnRecord(offset, Watermark(0, offset, T0 + ((minute - 3) * 60_000)));
            offset++;
            time.Advance(s_interval);
        }

        // Source 1 counts as at wall clock − lag − max delay (T0 + 25 min), above source 0.
        Assert.True(partition.TickByWallClock(caughtUp: true));
        Assert.Equal(T0 + (22 * 60_000), partition.ReleasedMs);
    }

    [Fact]
    public void TickByWallClock_DoesNothing_WhileBehindTheDecisionsPartition()
    {
        var time = new ManualTime(DateTimeOffset.FromUnixTimeMilliseconds(T0 + 10 * 60_000) + s_lag);
        var (partition, log) = Partition(time);
        partition.OnRecord(0, OfflineSignal(0, 0, "CP-A", T0));
        partition.OnRecord(1, Watermark(0, 1, T0 + (10 * 60_000)));

        for (var elapsed = TimeSpan.Zero; elapsed < TimeSpan.FromHours(6); elapsed += s_step)
        {
            time.Advance(s_step);
            Assert.False(partition.TickByWallClock(caughtUp: false));
        }

        Assert.Empty(log.Incidents);
    }

    [Fact]
    public void TickByWallClock_DoesNothing_ForInputReadLongAfterItsTime()
    {
        // The same records read a day after they were written: a backlog, not live input.
        var time = new ManualTime(DateTimeOffset.FromUnixTimeMilliseconds(T0).AddDays(1));
        var (partition, log) = Partition(time);
        partition.OnRecord(0, OfflineSignal(0, 0, "CP-A", T0));
        partition.OnRecord(1, Watermark(0, 1, T0 + (10 * 60_000)));

        for (var elapsed = TimeSpan.Zero; elapsed < TimeSpan.FromHours(6); elapsed += s_step)
        {
            time.Advance(s_step);
            Assert.False(partition.TickByWallClock(caughtUp: true));
        }

        Assert.Equal(long.MinValue, partition.ReleasedMs);
        Assert.Empty(log.Incidents);
    }

    private static (CorrelatedPartition Partition, DecisionLog Log) Partition(ManualTime time)
    {
        var log = new DecisionLog();
        var clock = new CorrelateClock(time, Sources, s_lag, s_interval, s_maxDelay);
        var partition = new CorrelatedPartition(
            0, Sources, 0, new EscalationPolicyOptions(), new DetectorOptions(), FleetInventory.Empty, new ChargerRegistry(), new TextCodeRegistry(), log, clock);
        return (partition, log);
    }

    private static byte[] Watermark(int source, long offset, long watermarkMs) =>
        DecisionCodec.EncodeWatermark(new DecisionPosition(source, offset, 0), watermarkMs);

    private static byte[] OfflineSignal(int source, long offset, string chargePoint, long t)
    {
        var signal = new Signal(SignalTypes.CommsOffline, SignalState.Raised, t, chargePoint, null, SignalScope.Charger,
            new SignalEvidence { Reason = "heartbeat_timeout", LastSeenMs = t - (5 * 60_000) });
        return DecisionCodec.Encode(DecisionRecordKind.Signal, new DecisionPosition(source, offset, 0), SignalPayload.Encode(signal));
    }
}
