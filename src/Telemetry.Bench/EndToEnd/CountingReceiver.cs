using Telemetry.Kafka.Events;
using Telemetry.Ocpp.Events;

namespace Telemetry.Bench.EndToEnd;

/// <summary>The bare consumer: decoded events are only counted (the transport's own rate).</summary>
public struct CountingReceiver : IEventReceiver
{
    public long Events { get; private set; }

    public void OnEvent(in TelemetryEvent e, int partition, long offset) => Events++;
}
