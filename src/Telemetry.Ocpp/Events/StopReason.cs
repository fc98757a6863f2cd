namespace Telemetry.Ocpp.Events;

/// <summary>Why a transaction ended: union of 1.6 StopTransaction Reason and 2.0.1 ReasonEnumType (stoppedReason). Values are stable: they are encoded on the wire.</summary>
public enum StopReason : byte
{
    None = 0,
    DeAuthorized = 1,
    EmergencyStop = 2,
    EVDisconnected = 3,
    HardReset = 4,
    Local = 5,
    Other = 6,
    PowerLoss = 7,
    Reboot = 8,
    Remote = 9,
    SoftReset = 10,
    UnlockCommand = 11,
    EnergyLimitReached = 12,
    GroundFault = 13,
    ImmediateReset = 14,
    LocalOutOfCredit = 15,
    MasterPass = 16,
    OvercurrentFault = 17,
    PowerQuality = 18,
    SOCLimitReached = 19,
    StoppedByEV = 20,
    TimeLimitReached = 21,
    Timeout = 22,
    /// <summary>A string outside the vocabulary of the field.</summary>
    Unrecognised = 255,
}
