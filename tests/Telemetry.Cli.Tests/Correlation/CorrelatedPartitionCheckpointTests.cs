using System.Buffers;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Telemetry.Cli.Correlation;
using Telemetry.Decide.Incidents;
using Telemetry.Decide.Policy;
using Telemetry.Engine;
using Telemetry.Engine.Inventory;
using Telemetry.Engine.Signals;
using Telemetry.Files.Incidents;
using Telemetry.Kafka.Signals;
using Telemetry.Ocpp.Events;
using Xunit.Abstractions;

namespace Telemetry.Cli.Tests.Correlation;

/// <summary>
/// A decisions partition checkpointed between any two records and restored into a fresh one (with
/// registries that interned other chargers first) publishes, for the records after, what an
/// uninterrupted partition publishes.
/// </summary>
public sealed class CorrelatedPartitionCheckpointTests(ITestOutputHelper output)
{
    private const long T0 = 1_772_323_200_000; // 2026-03-01T00:00:00Z
    private const long MinuteMs = 60_000;

    [Fact]
    public void RestoreCheckpoint_PublishesWhatAnUninterruptedPartitionDoes_WhateverRecordItWasTakenAfter()
    {
        var records = Records();
        var reference = Run(records, FleetInventory.Empty, 2, cut: null);
        Assert.NotEmpty(reference.Incidents);
        Assert.NotEmpty(reference.Commands);

        for (var cut = 0; cut <= records.Count; cut++)
        {
            var restored = Run(records, FleetInventory.Empty, 2, cut);

            Assert.Equal(reference.Incidents, restored.Incidents);
            Assert.Equal(reference.Commands, restored.Commands);
            Assert.Equal(cut, restored.RestoredAt);
        }
    }

    [Fact]
    public async Task RestoreCheckpoint_PublishesWhatAnUninterruptedPartitionDoes_ForTheDecisionsOfASimulatedCapture()
    {
        await using var rig = await CorrelationRig.CreateAsync(seed: 3);
        rig.Fleet.ProduceUpTo(1.0);
        await using (rig.StartProcess())
        {
            await rig.WaitForProcessAsync();
        }

        var sources = rig.Fleet.EndOffsets().Length;
        var compared = 0;
        for (var partition = 0; partition < CorrelationRig.DecisionPartitions; partition++)
        {
            var records = ReadPartition(rig, partition);
            var reference = Run(records, rig.Inventory, sources, cut: null, partition);
            foreach (var cut in new[] { records.Count / 3, records.Count * 2 / 3 })
            {
                var restored = Run(records, rig.Inventory, sources, cut, partition);

                Assert.Equal(reference.Incidents, restored.Incidents);
                Assert.Equal(reference.Commands, restored.Commands);
                // Compact enough for many checkpoints within a partition's retention (the mock cluster keeps about 5 MiB).
                // Inputs held for a lagging source's watermark count too, and how many depends on how the
                // process workers' records interleaved: 35 and 66 KB were seen where other runs had 16 KB.
                Assert.InRange(restored.CheckpointBytes, 1, 256 * 1024);
                output.WriteLine($"partition {partition}: checkpoint after {cut} of {records.Count} records is {restored.CheckpointBytes} bytes");
            }

            compared += reference.Incidents.Count;
        }

        Assert.True(compared > 0, "no incidents to compare");
    }

    [Fact]
    public void RestoreCheckpoint_Refuses_WhenTheEventsPartitionCountDiffers()
    {
        var checkpoint = CheckpointAfterHalfTheRecords();
        var other = NewPartition(3, FleetInventory.Empty, new ChargerRegistry(), new TextCodeRegistry(), new DecisionLog());

        Assert.Throws<InvalidDataException>(() => other.RestoreCheckpoint(checkpoint.WrittenSpan));
    }

    [Theory]
    [InlineData(new string[0], true)]
    [InlineData(new[] { SignalTypes.FirmwareFailure }, true)]
    [InlineData(new[] { SignalTypes.FirmwareFailure, SignalTypes.FirmwareFailure }, true)]
    [InlineData(new[] { SignalTypes.FirmwareFailure, SignalTypes.SessionFailures }, false)]
    public void RestoreCheckpoint_ComparesThePolicyAsItActs_NotAsItIsWritten(string[] fleetSignalTypes, bool restores)
    {
        var checkpoint = CheckpointAfterHalfTheRecords();
        var policy = new EscalationPolicyOptions();
        foreach (var type in fleetSignalTypes)
        {
            policy.Correlation.FleetSignalTypes.Add(type);
        }

        var other = new CorrelatedPartition(0, 2, 0, policy, new DetectorOptions(), FleetInventory.Empty, new ChargerRegistry(), new TextCodeRegistry(), new DecisionLog());
        var refused = Record.Exception(() => other.RestoreCheckpoint(checkpoint.WrittenSpan));

        Assert.Equal(restores, refused is null);
        if (refused is not null)
        {
            Assert.Contains("configuration", Assert.IsType<InvalidDataException>(refused).Message, StringComparison.Ordinal);
        }
    }

    /// <summary>The checkpoint of a partition with two events partitions, the default policy and options, after the first half of <see cref="Records"/>.</summary>
    private static ArrayBufferWriter<byte> CheckpointAfterHalfTheRecords()
    {
        var records = Records();
        var written = NewPartition(2, FleetInventory.Empty, new ChargerRegistry(), new TextCodeRegistry(), new DecisionLog());
        for (var offset = 0; offset < records.Count / 2; offset++)
        {
            written.OnRecord(offset, records[offset]);
        }

        var checkpoint = new ArrayBufferWriter<byte>();
        written.WriteCheckpoint(checkpoint);
        return checkpoint;
    }

    private static CorrelatedPartition NewPartition(int sources, FleetInventory inventory, ChargerRegistry chargers, TextCodeRegistry texts, DecisionLog log, int partition = 0) =>
        new(partition, sources, 0, new EscalationPolicyOptions(), new DetectorOptions(), inventory, chargers, texts, log);

    /// <summary>Reads every record; with a <paramref name="cut"/>, a checkpoint after that many is restored into a fresh partition that reads on from its offset.</summary>
    private static (List<string> Incidents, List<string> Commands, long RestoredAt, int CheckpointBytes) Run(List<byte[]> records, FleetInventory inventory, int sources, int? cut, int partition = 0)
    {
        var log = new DecisionLog();
        var correlated = NewPartition(sources, inventory, new ChargerRegistry(), new TextCodeRegistry(), log, partition);
        var restoredAt = -1L;
        var checkpointBytes = 0;
        for (var offset = 0; offset <= records.Count; offset++)
        {
            if (offset == cut)
            {
                var checkpoint = new ArrayBufferWriter<byte>();
                correlated.WriteCheckpoint(checkpoint);
                // Another process interns in another order: the checkpoint's ids are remapped.
                var chargers = new ChargerRegistry();
                chargers.Intern("CP-OTHER"u8);
                var texts = new TextCodeRegistry();
                texts.Intern("other"u8);
                correlated = NewPartition(sources, inventory, chargers, texts, log, partition);
                correlated.RestoreCheckpoint(checkpoint.WrittenSpan);
                restoredAt = correlated.Next;
                checkpointBytes = checkpoint.WrittenCount;
            }

            if (offset < records.Count)
            {
                correlated.OnRecord(offset, records[offset]);
            }
        }

        return (
            [.. log.Incidents.Select(r => Json(w => IncidentJsonWriter.Write(w, r)))],
            [.. log.Commands.Select(r => Json(w => CommandJsonWriter.Write(w, r)))],
            restoredAt,
            checkpointBytes);
    }

    private static string Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static List<byte[]> ReadPartition(CorrelationRig rig, int partition)
    {
        var config = new ConsumerConfig { BootstrapServers = rig.BootstrapServers, GroupId = "test-reader", EnableAutoCommit = false };
        using var consumer = new ConsumerBuilder<byte[], byte[]>(config).Build();
        var topic = rig.Fleet.Options.DecisionsTopic;
        var high = Telemetry.Kafka.Watermarks.High(consumer, new TopicPartition(topic, partition), TimeSpan.FromSeconds(10));
        consumer.Assign(new TopicPartitionOffset(topic, partition, Offset.Beginning));
        var values = new List<byte[]>();
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (values.Count < high)
        {
            values.Add(consumer.Consume(guard.Token).Message.Value);
        }

        consumer.Close();
        return values;
    }

    /// <summary>
    /// Two sources: a charger that flaps and answers the reset it is sent, a connector that
    /// faults while another charger charges, with watermarks in between so that inputs are held
    /// back across any cut.
    /// </summary>
    private static List<byte[]> Records()
    {
        var records = new List<byte[]>();
        var offsets = new long[2];
        DecisionPosition Next(int source) => new(source, offsets[source]++, 0);
        void Signal(int source, string type, SignalState state, double minutes, string cp, ushort? port, SignalEvidence evidence) =>
            records.Add(DecisionCodec.Encode(DecisionRecordKind.Signal, Next(source), SignalPayload.Encode(
                new Signal(type, state, T0 + (long)(minutes * MinuteMs), cp, port, port is null ? SignalScope.Charger : SignalScope.Connector, evidence))));
        void Event(int source, EventKind kind, double minutes, string cp, byte detail = 0, byte reason = 0, ushort port = 0, ConnectorStatus status = ConnectorStatus.None)
        {
            var e = TelemetryEvent.Create(kind, T0 + (long)(minutes * MinuteMs), 0, OcppVersion.V16);
            e.Detail = detail;
            e.Reason = reason;
            e.Port = port;
            e.Connector = port;
            e.Status = status;
            records.Add(DecisionCodec.EncodeEvent(DecisionRecordKind.Event, Next(source), Encoding.UTF8.GetBytes(cp), e, null));
        }

        void Watermark(double minutes)
        {
            records.Add(DecisionCodec.EncodeWatermark(Next(0), T0 + (long)(minutes * MinuteMs)));
            records.Add(DecisionCodec.EncodeWatermark(Next(1), T0 + (long)(minutes * MinuteMs)));
        }

        Signal(0, SignalTypes.CommsUnstable, SignalState.Raised, 10, "CP-A", null, new SignalEvidence { Count = 3 });
        Event(1, EventKind.Status, 12, "CP-B", port: 1, status: ConnectorStatus.Charging);
        Signal(1, SignalTypes.AvailabilityOutage, SignalState.Raised, 14, "CP-B", 2, new SignalEvidence { Cause = "faulted", Status = "Faulted", ErrorCode = "GroundFailure" });
        Watermark(13);
        Event(0, EventKind.CommandResult, 16.5, "CP-A", detail: (byte)CommandStatus.Accepted, reason: (byte)CommandAction.TriggerMessage);
        Watermark(17);
        Event(0, EventKind.ResetResult, 18, "CP-A", detail: (byte)CommandStatus.Accepted, reason: (byte)CommandAction.Reset);
        Signal(0, SignalTypes.CommsUnstable, SignalState.Cleared, 25, "CP-A", null, new SignalEvidence());
        Event(1, EventKind.Status, 40, "CP-B", port: 1, status: ConnectorStatus.Available);
        Watermark(60);
        Event(1, EventKind.CommandResult, 61, "CP-B", detail: (byte)CommandStatus.Accepted, reason: (byte)CommandAction.ChangeAvailability);
        Watermark(24 * 60);
        return records;
    }
}
