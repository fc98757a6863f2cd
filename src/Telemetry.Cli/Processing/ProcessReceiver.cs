using Telemetry.Kafka.Events;
using Telemetry.Ocpp.Events;

namespace Telemetry.Cli.Processing;

/// <summary>The worker as the consumer's struct receiver.</summary>
internal readonly struct ProcessReceiver(ProcessWorker worker) : IGroupEventReceiver
{
    public void OnEvent(in TelemetryEvent e, int partition, long offset) => worker.OnRecord(in e, partition, offset);

    public void OnSkipped(int partition, long offset) => worker.OnSkipped(partition, offset);
}
