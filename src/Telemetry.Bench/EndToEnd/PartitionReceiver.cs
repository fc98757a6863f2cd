using Telemetry.Bench.Detect;
using Telemetry.Kafka.Events;
using Telemetry.Ocpp.Events;

namespace Telemetry.Bench.EndToEnd;

/// <summary>The engine behind the consumer: each event goes to the detectors of its partition.</summary>
public readonly struct PartitionReceiver(BenchPartition[] partitions) : IEventReceiver
{
    public void OnEvent(in TelemetryEvent e, int partition, long offset) => partitions[partition].OnEvent(e);
}
