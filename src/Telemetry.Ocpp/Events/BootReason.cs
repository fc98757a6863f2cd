namespace Telemetry.Ocpp.Events;

/// <summary>2.0.1 BootReasonEnumType (BootNotification <c>reason</c>); <see cref="None"/> for 1.6, which states none. Values are stable: they are encoded on the wire.</summary>
public enum BootReason : byte
{
    None = 0,
    ApplicationReset = 1,
    FirmwareUpdate = 2,
    LocalReset = 3,
    PowerUp = 4,
    RemoteReset = 5,
    ScheduledReset = 6,
    Triggered = 7,
    Unknown = 8,
    Watchdog = 9,
    /// <summary>A string outside the vocabulary of the field.</summary>
    Unrecognised = 255,
}
