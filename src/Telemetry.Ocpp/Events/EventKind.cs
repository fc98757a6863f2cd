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

    /// <summary>A 2.0.1 TransactionEvent of eventType Updated: a transaction in progress changed.</summary>
    SessionUpdated = 18,

    /// <summary>The charger's answer to a CSMS command other than Reset (which has <see cref="ResetResult"/>).</summary>
    CommandResult = 19,

    /// <summary>An Authorize request: a driver presented a token.</summary>
    AuthRequested = 20,

    /// <summary>1.6 DiagnosticsStatusNotification.</summary>
    Diagnostics = 21,
}
