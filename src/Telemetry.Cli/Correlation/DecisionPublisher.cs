using System.Buffers;
using System.Text.Json;
using Confluent.Kafka;
using Telemetry.Cli.Pipeline;
using Telemetry.Engine;
using Telemetry.Files.Signals;
using Telemetry.Kafka;
using Telemetry.Kafka.Publishing;
using Telemetry.Kafka.Signals;
using Telemetry.Ocpp.Events;

namespace Telemetry.Cli.Correlation;

/// <summary>
/// The process worker's side of the correlator's input. For each event read it publishes what
/// the event's processing produced: signals to <c>uptime.signals</c> (signals.jsonl JSON, keyed
/// by site) and, with the events and authorisation results the correlator follows, to the
/// decisions topic; and, each time the partition's watermark passes another
/// <see cref="KafkaOptions.DecisionsWatermarkInterval"/>, a watermark to every decisions partition.
/// </summary>
/// <remarks>
/// <para>
/// Every record carries its <see cref="DecisionPosition"/>: the events partition, the offset of
/// the event and its rank among that event's outputs. The outputs and their ranks depend only on
/// the partition's events (the detectors are deterministic), so a later owner re-reading the
/// partition produces the same records at the same positions.
/// </para>
/// <para>
/// Ordering against the database: records are produced as the event is processed, and the
/// offset up to which everything produced was acknowledged by Kafka is stored, with the rows, in
/// the sink's offsets under <see cref="ProgressTopic"/>. A new owner re-publishes from there, so
/// a crash between the database commit and the delivery loses nothing; what it re-publishes
/// that had been delivered already the correlator drops by position.
/// </para>
/// </remarks>
internal sealed class DecisionPublisher : IDisposable
{
    private readonly KafkaPublisher _publisher;
    private readonly DecisionRouting _routing;
    private readonly string _signalsTopic;
    private readonly string _decisionsTopic;
    private readonly int _decisionsPartitions;
    private readonly long _holdBackMs;
    private readonly long _intervalMs;
    private readonly Dictionary<int, SourceProgress> _sources = [];
    private readonly Message<byte[], byte[]> _message = new();
    private readonly ArrayBufferWriter<byte> _json = new(1024);
    private readonly Utf8JsonWriter _jsonWriter;
    private long _deliveryErrors;

    /// <summary>
    /// How the producer this publisher shares must be built. Gapless: a record Kafka refuses for
    /// good stops the producer before anything later is delivered. Without it the client renumbers
    /// the later records and delivers them; the next owner then publishes the refused record again
    /// after a later one of its events partition, and the correlator, which drops a record at or
    /// before the last position it took from that partition, drops it as a copy. Waiting while
    /// Kafka is down closes the same gap for time-outs: a record that timed out would fail while
    /// later ones of its partition may already be delivered, which the gapless guarantee does not
    /// prevent; instead the full queue holds the worker back until Kafka takes records again.
    /// </summary>
    public const DeliveryGuarantees PublisherGuarantees = DeliveryGuarantees.Gapless | DeliveryGuarantees.WaitWhileDown;

    /// <param name="decisionsPartitions">Partition count of the decisions topic: every one gets the watermarks.</param>
    public DecisionPublisher(KafkaPublisher publisher, KafkaOptions options, DetectorOptions detectors, DecisionRouting routing, int decisionsPartitions)
    {
        ArgumentNullException.ThrowIfNull(publisher);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(detectors);
        ArgumentNullException.ThrowIfNull(routing);
        ArgumentOutOfRangeException.ThrowIfLessThan(decisionsPartitions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.DecisionsWatermarkInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.SignalDelayBound, TimeSpan.Zero);
        _publisher = publisher;
        _routing = routing;
        _signalsTopic = options.SignalsTopic;
        _decisionsTopic = options.DecisionsTopic;
        _decisionsPartitions = decisionsPartitions;
        // The reorder buffer releases nothing older than the latest event time minus the allowed
        // lateness; detectors date signals up to the delay bound before what they have seen.
        _holdBackMs = (long)(detectors.Availability.AllowedLateness + options.SignalDelayBound).TotalMilliseconds;
        _intervalMs = (long)options.DecisionsWatermarkInterval.TotalMilliseconds;
        _jsonWriter = new Utf8JsonWriter(_json);
        ProgressTopic = options.EventsTopic + ">" + options.DecisionsTopic;
    }

    /// <summary>The name under which the sink stores, per events partition, the offset whose outputs are delivered.</summary>
    public string ProgressTopic { get; }

    /// <summary>Starts following an events partition whose outputs before <paramref name="publishFrom"/> are delivered.</summary>
    public void OnAssigned(int partition, long publishFrom) => _sources[partition] = new SourceProgress(publishFrom);

    public void OnRevoked(int partition) => _sources.Remove(partition);

    /// <summary>The first offset of <paramref name="partition"/> whose outputs this publisher sends.</summary>
    public long PublishFrom(int partition) => _sources.TryGetValue(partition, out var source) ? source.PublishFrom : long.MaxValue;

    /// <summary>
    /// Notes that everything <paramref name="partition"/> produced before <paramref name="next"/>
    /// is delivered; true when that is news worth storing.
    /// </summary>
    public bool Confirm(int partition, long next)
    {
        if (!_sources.TryGetValue(partition, out var source) || next <= Math.Max(source.PublishFrom, source.Confirmed))
        {
            return false;
        }

        source.Confirmed = next;
        return true;
    }

    /// <summary>Publishes what processing <paramref name="e"/> (at <paramref name="offset"/>) left in <paramref name="worker"/>; call before its outputs are cleared.</summary>
    /// <param name="texts">The registry the events' text codes refer to.</param>
    public void Publish(int partition, long offset, in TelemetryEvent e, PartitionWorker worker, TextCodeRegistry texts)
    {
        ArgumentNullException.ThrowIfNull(worker);
        ArgumentNullException.ThrowIfNull(texts);
        if (!_sources.TryGetValue(partition, out var source))
        {
            return;
        }

        source.MaxSeenMs = Math.Max(source.MaxSeenMs, e.TimestampMs);
        var send = offset >= source.PublishFrom;
        var index = PublishOutputs(partition, offset, 0, send, worker, texts);
        source.LastOffset = offset;
        // The watermark takes a rank of its own, so that outputs of a later tick, ranked after
        // it, are not mistaken for a duplicate of it.
        source.NextIndex = source.MaxSeenMs != long.MinValue && AdvanceWatermark(partition, source, source.MaxSeenMs, new DecisionPosition(partition, offset, index), send)
            ? index + 1
            : index;
    }

    /// <summary>
    /// Publishes what a wall-clock timer tick that moved the partition to
    /// <paramref name="streamTimeMs"/> left in <paramref name="worker"/>, ranked after the outputs
    /// of the partition's latest event; then, when the tick carried the partition's watermark past
    /// another interval, that watermark, so the correlator's clock (and its deadlines) moves on
    /// while no event arrives. Live ticks depend on arrival times, so a later owner may attach the
    /// same signal to a later event, and the correlator then sees it twice (it ignores a raise of
    /// a signal already active in an incident).
    /// </summary>
    /// <remarks>
    /// The tick's watermark is published even when the latest event's outputs were delivered by an
    /// earlier owner: a watermark only raises the correlator's minimum, and one dropped there as
    /// a duplicate position is overtaken by the next tick's.
    /// </remarks>
    public void PublishTick(int partition, long streamTimeMs, PartitionWorker worker, TextCodeRegistry texts)
    {
        ArgumentNullException.ThrowIfNull(worker);
        ArgumentNullException.ThrowIfNull(texts);
        if (!_sources.TryGetValue(partition, out var source) || source.LastOffset < 0)
        {
            return;
        }

        source.NextIndex = PublishOutputs(partition, source.LastOffset, source.NextIndex, source.LastOffset >= source.PublishFrom, worker, texts);
        if (AdvanceWatermark(partition, source, streamTimeMs, new DecisionPosition(partition, source.LastOffset, source.NextIndex), send: true))
        {
            source.NextIndex++;
        }
    }

    /// <summary>
    /// True when <paramref name="streamTimeMs"/> carries the partition's watermark past another
    /// interval; the watermark is then published to every decisions partition when <paramref name="send"/>.
    /// </summary>
    private bool AdvanceWatermark(int partition, SourceProgress source, long streamTimeMs, DecisionPosition position, bool send)
    {
        var step = Step(streamTimeMs);
        if (step <= source.WatermarkStep)
        {
            return false;
        }

        source.WatermarkStep = step;
        if (!send)
        {
            return true;
        }

        var value = DecisionCodec.EncodeWatermark(position, step * _intervalMs);
        for (var p = 0; p < _decisionsPartitions; p++)
        {
            Produce(_decisionsTopic, new Partition(p), [], value);
        }

        return true;
    }

    /// <summary>The watermark step (in units of the interval) once the partition's time is <paramref name="streamTimeMs"/>: nothing later is held back.</summary>
    private long Step(long streamTimeMs) =>
        Math.DivRem(streamTimeMs - _holdBackMs, _intervalMs, out var rest) - (rest < 0 ? 1 : 0);

    /// <summary>Publishes the worker's outputs at ranks from <paramref name="index"/> on (only counts them when <paramref name="send"/> is false); returns the next free rank.</summary>
    private int PublishOutputs(int partition, long offset, int index, bool send, PartitionWorker worker, TextCodeRegistry texts)
    {
        if (!send)
        {
            return index + worker.Signals.Count + worker.DecideEvents.Count + worker.AuthEvents.Count;
        }

        foreach (var signal in worker.Signals)
        {
            PublishSignal(signal, new DecisionPosition(partition, offset, index++));
        }

        foreach (var decide in worker.DecideEvents)
        {
            var name = worker.Chargers.Utf8NameOf(decide.Charger);
            Produce(_decisionsTopic, Partition.Any, _routing.SiteKey(worker.Chargers.NameOf(decide.Charger)),
                DecisionCodec.EncodeEvent(DecisionRecordKind.Event, new DecisionPosition(partition, offset, index++), name, decide, texts));
        }

        foreach (var auth in worker.AuthEvents)
        {
            var name = worker.Chargers.Utf8NameOf(auth.Charger);
            Produce(_decisionsTopic, Partition.Any, DecisionRouting.AuthResultKey,
                DecisionCodec.EncodeEvent(DecisionRecordKind.AuthResult, new DecisionPosition(partition, offset, index++), name, auth, texts));
        }

        return index;
    }

    /// <summary>
    /// True when every record produced so far is acknowledged; waits up to
    /// <paramref name="wait"/> for them.
    /// </summary>
    /// <exception cref="InvalidOperationException">A record could not be delivered: the worker must stop, and a restart re-publishes it.</exception>
    public bool Delivered(TimeSpan wait)
    {
        if (wait > TimeSpan.Zero && !_publisher.Flush(wait))
        {
            return false;
        }

        _publisher.Poll();
        if (_publisher.DeliveryErrors > _deliveryErrors)
        {
            _deliveryErrors = _publisher.DeliveryErrors;
            throw new InvalidOperationException(
                $"records for {_decisionsTopic} or {_signalsTopic} could not be delivered; restart to publish them again from the stored progress.");
        }

        return _publisher.InFlight == 0;
    }

    /// <summary>Releases the JSON writer; the shared Kafka publisher belongs to the caller.</summary>
    public void Dispose() => _jsonWriter.Dispose();

    private void PublishSignal(Telemetry.Engine.Signals.Signal signal, DecisionPosition position)
    {
        _json.ResetWrittenCount();
        _jsonWriter.Reset(_json);
        SignalJsonWriter.Write(_jsonWriter, signal, _routing.Inventory.SiteOf(signal.ChargePoint));
        _jsonWriter.Flush();
        var siteKey = signal.ChargePoint.Length == 0 ? DecisionRouting.AuthResultKey : _routing.SiteKey(signal.ChargePoint);
        Produce(_signalsTopic, Partition.Any, siteKey, _json.WrittenSpan.ToArray());
        Produce(_decisionsTopic, Partition.Any, _routing.SignalKey(signal),
            DecisionCodec.Encode(DecisionRecordKind.Signal, position, SignalPayload.Encode(signal)));
    }

    private void Produce(string topic, Partition partition, byte[] key, byte[] value)
    {
        _message.Key = key;
        _message.Value = value;
        _publisher.Produce(new TopicPartition(topic, partition), _message);
    }
}
