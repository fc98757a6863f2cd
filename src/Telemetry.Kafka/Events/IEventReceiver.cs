using Telemetry.Ocpp.Events;

namespace Telemetry.Kafka.Events;

/// <summary>Receives the decoded events of <see cref="EventConsumer"/>; implement on a struct.</summary>
public interface IEventReceiver
{
    /// <param name="e">The event; its <see cref="TelemetryEvent.Charger"/> is interned in <see cref="EventConsumer.Chargers"/>.</param>
    /// <param name="partition">The partition the event came from: all events of a charger share it.</param>
    /// <param name="offset">The record's offset in that partition.</param>
    void OnEvent(in TelemetryEvent e, int partition, long offset);
}
