using Telemetry.Ocpp.Events;

namespace Telemetry.Engine.Tests.Rollups;

/// <summary>Hand-made 1.6 events for minute activity tests.</summary>
internal static class Events
{
    public static TelemetryEvent Heartbeat(int charger, long t) => TelemetryEvent.Create(EventKind.Heartbeat, t, charger, OcppVersion.V16);

    public static TelemetryEvent Status(int charger, long t, ushort port, ConnectorStatus status, ErrorCode error = ErrorCode.NoError)
    {
        var e = TelemetryEvent.Create(EventKind.Status, t, charger, OcppVersion.V16);
        e.Port = port;
        e.Connector = port;
        e.Status = status;
        e.Error = error;
        return e;
    }

    public static TelemetryEvent Boot(int charger, long t)
    {
        var e = TelemetryEvent.Create(EventKind.Boot, t, charger, OcppVersion.V16);
        return e;
    }

    public static TelemetryEvent Reset(int charger, long t)
    {
        var e = TelemetryEvent.Create(EventKind.ResetRequested, t, charger, OcppVersion.V16);
        e.Origin = EventOrigin.Csms;
        return e;
    }

    public static TelemetryEvent Meter(int charger, long t, ushort port, Measurand measurand, int value)
    {
        var e = TelemetryEvent.Create(EventKind.Meter, t, charger, OcppVersion.V16);
        e.Port = port;
        e.Connector = port;
        e.Detail = (byte)measurand;
        e.Value = value;
        return e;
    }

    public static TelemetryEvent ChangeAvailability(int charger, long t, ushort port, AvailabilityType type)
    {
        var e = TelemetryEvent.Create(EventKind.Command, t, charger, OcppVersion.V16);
        e.Origin = EventOrigin.Csms;
        e.Port = port;
        e.Detail = (byte)CommandAction.ChangeAvailability;
        e.Reason = (byte)type;
        return e;
    }
}
