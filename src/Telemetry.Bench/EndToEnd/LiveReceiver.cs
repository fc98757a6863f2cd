using Telemetry.Bench.Detect;
using Telemetry.Kafka.Events;
using Telemetry.Ocpp.Events;

namespace Telemetry.Bench.EndToEnd;

/// <summary>
/// The engine behind a live consumer: each event goes to its partition's detectors, and each
/// partition notes its latest event time and when that event arrived, for the idle clock.
/// </summary>
public readonly struct LiveReceiver(BenchPartition[] partitions, long[] latestMs, double[] arrivedMs, WallClock clock) : IEventReceiver
{
    public void OnEvent(in TelemetryEvent e, int partition, long offset)
    {
        partitions[partition].OnEvent(e);
        if (e.TimestampMs > latestMs[partition])
        {
            latestMs[partition] = e.TimestampMs;
            arrivedMs[partition] = clock.NowMs;
        }
    }
}
