using Telemetry.Ocpp.Events;

namespace Telemetry.Kafka.Codec;

/// <summary>
/// A record value as <see cref="EventValueDeserializer"/> decodes it: the event (its
/// <see cref="TelemetryEvent.Charger"/> not yet set, the key carries it) and whether it decoded.
/// </summary>
public readonly struct DecodedEvent(in TelemetryEvent e, EventDecodeStatus status)
{
    /// <summary>The event; default unless <see cref="Status"/> is <see cref="EventDecodeStatus.Ok"/>.</summary>
    public TelemetryEvent Event { get; } = e;

    public EventDecodeStatus Status { get; } = status;
}
