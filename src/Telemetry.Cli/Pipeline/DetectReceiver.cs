using Telemetry.Kafka.Events;
using Telemetry.Ocpp.Events;

namespace Telemetry.Cli.Pipeline;

/// <summary>Consumer callback of the detect side: hands each event to the worker of its partition and tells ingest it was read.</summary>
internal readonly struct DetectReceiver(PartitionWorker[] workers, LabelledCounts processed, DetectionBackPressure backPressure) : IEventReceiver
{
    public void OnEvent(in TelemetryEvent e, int partition, long offset)
    {
        workers[partition].OnEvent(e);
        processed.Increment((byte)e.Kind);
        backPressure.OnDetected();
    }
}
