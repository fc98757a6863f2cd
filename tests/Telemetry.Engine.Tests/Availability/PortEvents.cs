using Telemetry.Ocpp.Events;

namespace Telemetry.Engine.Tests.Availability;

/// <summary>Hand-written 1.6 heartbeats and port statuses for the availability tests.</summary>
internal static class PortEvents
{
    public static TelemetryEvent Heartbeat(int charger, long t) => TelemetryEvent.Create(EventKind.Heartbeat, t, charger, OcppVersion.V16);

    /// <summary>A status of <paramref name="port"/>; Faulted carries a ground failure, the rest no error.</summary>
    public static TelemetryEvent Status(int charger, long t, ushort port, ConnectorStatus status)
    {
        var e = TelemetryEvent.Create(EventKind.Status, t, charger, OcppVersion.V16);
        e.Port = port;
        e.Connector = port;
        e.Status = status;
        e.Error = status == ConnectorStatus.Faulted ? ErrorCode.GroundFailure : ErrorCode.NoError;
        return e;
    }
}
