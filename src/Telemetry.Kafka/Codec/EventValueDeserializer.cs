using Confluent.Kafka;
using Telemetry.Ocpp.Events;

namespace Telemetry.Kafka.Codec;

/// <summary>
/// Decodes an events-topic value straight from the client's buffer into a
/// <see cref="DecodedEvent"/>: no byte array is made for the value. A value that does not decode
/// is reported in <see cref="DecodedEvent.Status"/>, never thrown, so that the reader counts it
/// and moves on. The event's charger is left 0: the key carries it (<see cref="ChargerKeyDeserializer"/>).
/// </summary>
public sealed class EventValueDeserializer(TextCodeRegistry textCodes) : IDeserializer<DecodedEvent>
{
    public DecodedEvent Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context)
    {
        var status = TelemetryEventCodec.Decode(data, charger: 0, textCodes, out var e);
        return new DecodedEvent(in e, status);
    }
}
