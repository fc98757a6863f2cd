namespace Telemetry.Ocpp.Events;

/// <summary>OCPP 1.6 ChargePointErrorCode. Values are stable.</summary>
public enum ErrorCode : byte
{
    None = 0,
    NoError = 1,
    ConnectorLockFailure = 2,
    EVCommunicationError = 3,
    GroundFailure = 4,
    HighTemperature = 5,
    InternalError = 6,
    LocalListConflict = 7,
    OtherError = 8,
    OverCurrentFailure = 9,
    OverVoltage = 10,
    PowerMeterFailure = 11,
    PowerSwitchFailure = 12,
    ReaderFailure = 13,
    ResetFailure = 14,
    UnderVoltage = 15,
    WeakSignal = 16,

    /// <summary>A string outside the 1.6 vocabulary; chargers are known to send them.</summary>
    Unrecognised = 255,
}
