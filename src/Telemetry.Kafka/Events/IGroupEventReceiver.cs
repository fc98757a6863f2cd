namespace Telemetry.Kafka.Events;

/// <summary>Receives what <see cref="GroupEventConsumer"/> reads; implement on a struct.</summary>
public interface IGroupEventReceiver : IEventReceiver
{
    /// <summary>
    /// A record that did not decode: it produces nothing, but its offset is consumed, so that a
    /// committed position can move past it.
    /// </summary>
    void OnSkipped(int partition, long offset);
}
