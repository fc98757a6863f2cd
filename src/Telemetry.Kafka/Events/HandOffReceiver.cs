using Telemetry.Ocpp.Events;

namespace Telemetry.Kafka.Events;

/// <summary>
/// A consumer's receiver that only writes what it is given to an <see cref="EventHandOff"/>, for
/// another thread to apply; with a <see cref="GroupEventConsumer"/> each record keeps its raw-frame source.
/// </summary>
public readonly struct HandOffReceiver(EventHandOff handOff, GroupEventConsumer? consumer) : IGroupEventReceiver
{
    public void OnEvent(in TelemetryEvent e, int partition, long offset) => handOff.WriteEvent(in e, partition, offset, consumer?.CurrentSource);

    public void OnSkipped(int partition, long offset) => handOff.WriteSkipped(partition, offset, consumer?.CurrentSource);
}
