using Telemetry.Ocpp.Events;

namespace Telemetry.Kafka.Tests.Support;

internal readonly record struct ReceivedEvent(TelemetryEvent Event, int Partition, long Offset);
