using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Telemetry.Decide.Policy;
using Telemetry.Engine;
using Telemetry.Engine.Checkpoints;
using Telemetry.Kafka.Signals;
using Telemetry.Ocpp.Events;

namespace Telemetry.Cli.Correlation;

/*
 * Checkpoint of one decisions partition's correlation state, taken between records:
 *   partition section: the next offset (the one the checkpoint reflects), the released time,
 *     each source's watermark and last position, the view's minute, and both queues of inputs
 *     held back (signals as the topic's JSON payload, events as their 32 bytes with their charger
 *     id and text code remapped through the id table);
 *   the authorisation detector with the fleet-wide backend view;
 *   the site correlator.
 * The wall clock is not in it: a new owner's clock starts afresh, as on a re-read.
 */
internal sealed partial class CorrelatedPartition : ICheckpointState
{
    private const ushort CheckpointVersion = 1;

    /// <summary>Offsets read from a checkpoint are of this partition's owner; taken only between records.</summary>
    public void WriteCheckpoint(IBufferWriter<byte> output) =>
        PartitionCheckpoint.Write(output, _configuration, _chargers, _texts, [this, _authDetector, _correlator]);

    /// <summary>
    /// Restores this fresh partition from what <see cref="WriteCheckpoint"/> wrote, under the same
    /// escalation policy, authorisation options and events partition count; it then reads on from
    /// <see cref="Next"/>, the offset the checkpoint reflects.
    /// </summary>
    /// <exception cref="InvalidDataException">The checkpoint is corrupt, cut short, of another format version or configuration.</exception>
    public void RestoreCheckpoint(ReadOnlySpan<byte> checkpoint) =>
        PartitionCheckpoint.Restore(checkpoint, _configuration, _chargers, _texts, [this, _authDetector, _correlator]);

    void ICheckpointState.WriteTo(CheckpointWriter writer, CheckpointIds ids)
    {
        if (_fleetSignals.Count != 0)
        {
            throw new InvalidOperationException("A correlated partition is checkpointed between records only.");
        }

        writer.Header(CheckpointSection.CorrelatedPartition, CheckpointVersion);
        writer.Value(Next);
        writer.Value(ReleasedMs);
        writer.Value(_newestInputMs);
        writer.Value(_authMinute);
        writer.Count(_watermarks.Length);
        writer.Structs<long>(_watermarks);
        foreach (var last in _last)
        {
            writer.Count(last is null ? 0 : 1);
            writer.Struct(last.GetValueOrDefault());
        }

        WriteQueue(writer, ids, _pending);
        WriteQueue(writer, ids, _auth);
    }

    void ICheckpointState.RestoreFrom(ref CheckpointReader reader, CheckpointIdMap map)
    {
        if (Next != 0 || ReleasedMs != long.MinValue || _pending.Count != 0 || _auth.Count != 0)
        {
            throw new InvalidOperationException("A checkpoint is restored into a fresh partition only.");
        }

        reader.Header(CheckpointSection.CorrelatedPartition, CheckpointVersion);
        Next = reader.Value();
        ReleasedMs = reader.Value();
        _newestInputMs = reader.Value();
        _authMinute = reader.Value();
        if (reader.Count() != _watermarks.Length)
        {
            throw new InvalidDataException("Checkpoint is of another events partition count.");
        }

        reader.Structs<long>(_watermarks);
        for (var source = 0; source < _last.Length; source++)
        {
            var present = reader.Count();
            var position = reader.Struct<DecisionPosition>();
            _last[source] = present switch
            {
                0 => null,
                1 => position,
                _ => throw new InvalidDataException("Checkpoint is corrupt: a source's last position is neither present nor absent."),
            };
        }

        ReadQueue(ref reader, map, _pending);
        ReadQueue(ref reader, map, _auth);
    }

    /// <remarks>
    /// The policy is hashed as it acts, not as it is written: the fleet-compared signal types in
    /// effect replace the configured list (empty means <c>firmware.failure</c>), so writing out a
    /// default does not make a restart refuse its checkpoints.
    /// </remarks>
    private static long ConfigurationChecksum(EscalationPolicyOptions policy, DetectorOptions detectors, int sources)
    {
        var written = JsonSerializer.SerializeToNode(policy)!;
        written[nameof(EscalationPolicyOptions.Correlation)]![nameof(CorrelationOptions.FleetSignalTypes)] =
            new JsonArray([.. policy.Correlation.FleetComparedTypes().Order(StringComparer.Ordinal).Select(t => JsonValue.Create(t))]);
        return CheckpointChecksum.Compute(JsonSerializer.SerializeToUtf8Bytes(new { Policy = written, detectors.Auth, Sources = sources }));
    }

    private static void WriteQueue(CheckpointWriter writer, CheckpointIds ids, PriorityQueue<PendingInput, PendingInput> queue)
    {
        writer.Count(queue.Count);
        foreach (var (input, _) in queue.UnorderedItems)
        {
            writer.Struct(input.Position);
            if (input.Signal is { } signal)
            {
                writer.Count(1);
                writer.Text(SignalPayload.Encode(signal));
                continue;
            }

            var e = input.Event;
            ids.Charger(e.Charger);
            ids.Text(e.TextCode);
            writer.Count(0);
            writer.Struct(e);
        }
    }

    /// <remarks>The queue's order is total (<see cref="PendingOrder"/>), so the restored queue releases in the order the written one would have.</remarks>
    private void ReadQueue(ref CheckpointReader reader, CheckpointIdMap map, PriorityQueue<PendingInput, PendingInput> queue)
    {
        var count = reader.Count(sizeof(int));
        for (var i = 0; i < count; i++)
        {
            var position = reader.Struct<DecisionPosition>();
            PendingInput input;
            switch (reader.Count())
            {
                case 1:
                    var signal = SignalPayload.TryDecode(reader.Text())
                        ?? throw new InvalidDataException("Checkpoint is corrupt: a held signal is not one.");
                    input = PendingInput.ForSignal(signal, position);
                    break;
                case 0:
                    var e = reader.Struct<TelemetryEvent>();
                    e.Charger = map.Charger(e.Charger);
                    e.TextCode = map.Text(e.TextCode);
                    if ((uint)e.Charger >= (uint)_chargers.Count)
                    {
                        throw new InvalidDataException("Checkpoint is corrupt: a held event has no charger.");
                    }

                    input = PendingInput.ForEvent(e, _chargers.NameOf(e.Charger), position);
                    break;
                default:
                    throw new InvalidDataException("Checkpoint is corrupt: a held input is neither a signal nor an event.");
            }

            queue.Enqueue(input, input);
        }
    }
}
