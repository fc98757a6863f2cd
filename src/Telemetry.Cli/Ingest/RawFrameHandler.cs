using Telemetry.Kafka.Frames;
using Telemetry.Ocpp.Events;
using Telemetry.Ocpp.Rejects;

namespace Telemetry.Cli.Ingest;

/// <summary>
/// Parser callback for one raw-frame record: produces each event with its source position (the
/// record's partition and offset, and the event's index within the record) and dead-letters a
/// rejected record with the source <c>kafka:TOPIC/PARTITION@OFFSET</c>.
/// </summary>
internal struct RawFrameHandler(RawFrameIngest owner, int partition, long recordOffset) : IParseHandler
{
    private int _index;

    public void OnEvent(in TelemetryEvent telemetryEvent)
    {
        owner.Producer.Produce(owner.Chargers, telemetryEvent, new SourcePosition(partition, recordOffset, _index++));
        owner.Ingested.Increment((byte)telemetryEvent.Kind);
    }

    public readonly void OnRejected(RejectReason reason, long line, long offset, ReadOnlySpan<byte> raw)
    {
        owner.Rejected.Increment((byte)reason);
        owner.DeadLetters.Write(reason, owner.SourceOf(partition, recordOffset), line, offset, raw);
    }
}
