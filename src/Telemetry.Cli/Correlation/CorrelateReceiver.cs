using Telemetry.Kafka.Signals;

namespace Telemetry.Cli.Correlation;

/// <summary>The correlate worker as the consumer's struct receiver.</summary>
internal readonly struct CorrelateReceiver(CorrelateWorker worker) : IDecisionReceiver
{
    public void OnRecord(int partition, long offset, ReadOnlySpan<byte> value) => worker.OnRecord(partition, offset, value);
}
