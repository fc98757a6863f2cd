using Telemetry.Kafka.Events;
using Telemetry.Ocpp.Events;

namespace Telemetry.Bench.EndToEnd;

/// <summary>The consuming side of the Kafka race: each event goes to the hand-off of the detecting thread that serves its partition.</summary>
public readonly struct RoutingReceiver(EventHandOff[] handOffs) : IEventReceiver
{
    public void OnEvent(in TelemetryEvent e, int partition, long offset) => handOffs[partition % handOffs.Length].WriteEvent(in e, partition, offset, source: null);
}
