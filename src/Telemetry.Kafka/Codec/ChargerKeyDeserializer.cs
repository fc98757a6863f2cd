using Confluent.Kafka;
using Telemetry.Ocpp.Events;

namespace Telemetry.Kafka.Codec;

/// <summary>
/// Interns an events-topic key (the charge point id, UTF-8) straight from the client's buffer:
/// no byte array is made for the key. A missing or bad key gives -1 (see <see cref="ChargerRegistry.Intern(ReadOnlySpan{byte})"/>).
/// </summary>
public sealed class ChargerKeyDeserializer(ChargerRegistry chargers) : IDeserializer<int>
{
    public int Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context) => chargers.Intern(data);
}
