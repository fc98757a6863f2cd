namespace Telemetry.Ocpp.Frames;

/// <summary>The OCPP actions the engine recognises, across 1.6, 2.0.1 and 2.1.</summary>
public enum OcppAction : byte
{
    Unknown = 0,
    BootNotification,
    Heartbeat,
    StatusNotification,
}
