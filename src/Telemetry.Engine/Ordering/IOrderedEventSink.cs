using Telemetry.Ocpp.Events;

namespace Telemetry.Engine.Ordering;

/// <summary>Receives events from <see cref="EventReorderBuffer"/> in event-time order; implement on a struct.</summary>
public interface IOrderedEventSink
{
    void OnOrderedEvent(in TelemetryEvent e);
}
