using Telemetry.Ocpp.Events;

namespace Telemetry.Bench.Detect;

/// <summary>Receives the events of a <see cref="DetectWorkload"/> pass; implement on a struct.</summary>
public interface IEventFeed
{
    void OnEvent(in TelemetryEvent e);
}
