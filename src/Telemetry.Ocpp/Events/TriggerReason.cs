namespace Telemetry.Ocpp.Events;

/// <summary>2.0.1 TriggerReasonEnumType: why a TransactionEvent was sent. Values are stable: they are encoded on the wire.</summary>
public enum TriggerReason : byte
{
    None = 0,
    Authorized = 1,
    CablePluggedIn = 2,
    ChargingRateChanged = 3,
    ChargingStateChanged = 4,
    Deauthorized = 5,
    EnergyLimitReached = 6,
    EVCommunicationLost = 7,
    EVConnectTimeout = 8,
    MeterValueClock = 9,
    MeterValuePeriodic = 10,
    TimeLimitReached = 11,
    Trigger = 12,
    UnlockCommand = 13,
    StopAuthorized = 14,
    EVDeparted = 15,
    EVDetected = 16,
    RemoteStop = 17,
    RemoteStart = 18,
    AbnormalCondition = 19,
    SignedDataReceived = 20,
    ResetCommand = 21,
    /// <summary>A string outside the vocabulary of the field.</summary>
    Unrecognised = 255,
}
