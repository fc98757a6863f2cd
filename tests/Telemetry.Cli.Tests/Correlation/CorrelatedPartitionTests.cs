using Telemetry.Cli.Correlation;
using Telemetry.Decide.Incidents;
using Telemetry.Decide.Policy;
using Telemetry.Engine;
using Telemetry.Engine.Inventory;
using Telemetry.Engine.Signals;
using Telemetry.Kafka.Signals;
using Telemetry.Ocpp.Events;

namespace Telemetry.Cli.Tests.Correlation;

/// <summary>One decisions partition fed records of two events partitions, without Kafka.</summary>
public sealed class CorrelatedPartitionTests
{
    private const long T0 = 1_772_323_200_000; // 2026-03-01T00:00:00Z
    private const long HourMs = 3_600_000;

    private static readonly byte[] s_offlineA = SignalRecord(0, 0, "CP-A", T0);
    private static readonly byte[] s_offlineB = SignalRecord(1, 0, "CP-B", T0 + 60_000);
    private static readonly byte[] s_watermark0 = DecisionCodec.EncodeWatermark(new DecisionPosition(0, 1, 0), T0 + (3 * HourMs));
    private static readonly byte[] s_watermark1 = DecisionCodec.EncodeWatermark(new DecisionPosition(1, 1, 0), T0 + (3 * HourMs));

    [Fact]
    public void OnRecord_ReleasesTheSameOutputs_WhateverTheInterleavingOfSources()
    {
        var sourceFirst = Run(0, s_offlineA, s_watermark0, s_offlineB, s_watermark1);
        var otherFirst = Run(0, s_offlineB, s_watermark1, s_offlineA, s_watermark0);

        Assert.NotEmpty(sourceFirst.Log.Incidents);
        Assert.Equal(Describe(sourceFirst.Log), Describe(otherFirst.Log));
    }

    [Fact]
    public void OnRecord_ReleasesNothing_UntilEverySourceHasPassed()
    {
        var (_, log) = Run(0, s_offlineA, s_watermark0, s_offlineB);

        Assert.Empty(log.Incidents);
    }

    [Fact]
    public void OnRecord_DropsARepublishedRecord_ByItsPosition()
    {
        var once = Run(0, s_offlineA, s_watermark0, s_offlineB, s_watermark1);
        var twice = Run(0, s_offlineA, s_offlineA, s_watermark0, s_offlineB, s_watermark1, s_watermark1);

        Assert.Equal(2, twice.Partition.Duplicates);
        Assert.Equal(Describe(once.Log), Describe(twice.Log));
    }

    [Fact]
    public void OnRecord_PublishesNothing_BeforeTheCommittedOffset()
    {
        var (partition, log) = Run(4, s_offlineA, s_watermark0, s_offlineB, s_watermark1);

        Assert.Empty(log.Incidents);
        Assert.True(partition.Suppressed > 0);
    }

    [Fact]
    public void Tick_FiresDeadlines_WithoutAWatermark()
    {
        var (partition, log) = Run(0, s_offlineA, s_offlineB);
        Assert.Empty(log.Incidents);

        partition.Tick(T0 + (3 * HourMs));

        Assert.Contains(log.Incidents, r => r.State == IncidentState.Opened);
    }

    private static (CorrelatedPartition Partition, DecisionLog Log) Run(long committed, params byte[][] records)
    {
        var log = new DecisionLog();
        var partition = new CorrelatedPartition(
            0, 2, committed, new EscalationPolicyOptions(), new DetectorOptions(), FleetInventory.Empty, new ChargerRegistry(), new TextCodeRegistry(), log);
        for (var offset = 0; offset < records.Length; offset++)
        {
            partition.OnRecord(offset, records[offset]);
        }

        return (partition, log);
    }

    private static List<string> Describe(DecisionLog log) => [.. log.Incidents.Select(r => $"{r.EventId} {r.State} {r.TimestampMs} {r.Scope} {r.Cause} {r.Owner}")];

    private static byte[] SignalRecord(int source, long offset, string chargePoint, long t)
    {
        var signal = new Signal(SignalTypes.CommsOffline, SignalState.Raised, t, chargePoint, null, SignalScope.Charger,
            new SignalEvidence { Reason = "heartbeat_timeout", LastSeenMs = t - (5 * 60_000) });
        return DecisionCodec.Encode(DecisionRecordKind.Signal, new DecisionPosition(source, offset, 0), SignalPayload.Encode(signal));
    }
}
