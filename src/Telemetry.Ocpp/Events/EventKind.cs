namespace Telemetry.Ocpp.Events;

/// <summary>What a <see cref="TelemetryEvent"/> reports. Values are stable: they are encoded on the wire.</summary>
public enum EventKind : byte
{
    /// <summary>A frame that parsed but whose action the engine does not use; counted, never an error.</summary>
    Unknown = 0,
    Boot = 1,
    Heartbeat = 2,
    Status = 3,
    SessionStarted = 4,
    SessionStopped = 5,
    AuthResult = 6,
    Meter = 7,
    ResetRequested = 8,
    ResetResult = 9,
    Connected = 10,
    Disconnected = 11,
    Firmware = 12,
    SecurityEvent = 13,
    Alert = 14,
    CallError = 15,
    Command = 16,

    /// <summary>The CSMS's answer to a BootNotification: registration status and heartbeat interval.</summary>
    BootResult = 17,
}
