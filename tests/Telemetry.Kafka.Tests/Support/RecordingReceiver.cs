using Telemetry.Kafka.Events;
using Telemetry.Ocpp.Events;

namespace Telemetry.Kafka.Tests.Support;

internal struct RecordingReceiver : IEventReceiver
{
    public RecordingReceiver() => Events = [];

    public List<ReceivedEvent> Events { get; }

    public readonly void OnEvent(in TelemetryEvent e, int partition, long offset) => Events.Add(new(e, partition, offset));
}
