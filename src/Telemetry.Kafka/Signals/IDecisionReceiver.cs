namespace Telemetry.Kafka.Signals;

/// <summary>Takes the records <see cref="DecisionConsumer.Consume{TReceiver}"/> reads.</summary>
public interface IDecisionReceiver
{
    /// <summary>A record of <paramref name="partition"/> at <paramref name="offset"/>; <paramref name="value"/> is valid during the call only.</summary>
    void OnRecord(int partition, long offset, ReadOnlySpan<byte> value);
}
