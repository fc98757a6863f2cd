namespace Telemetry.Ocpp.Rejects;

/// <summary>Why an input record could not be used. One vocabulary for every reader; values are stable.</summary>
public enum RejectReason : byte
{
    None = 0,
    RecordTooLarge = 1,
    NotUtf8 = 2,
    InvalidJson = 3,
    NotAnObject = 4,
    MissingTimestamp = 5,
    InvalidTimestamp = 6,
    MissingChargePoint = 7,
    InvalidChargePoint = 8,
    MissingMessage = 9,
    InvalidFrame = 10,
    UnknownMessageType = 11,
    MessageIdTooLong = 12,
    InvalidPayload = 13,
    InvalidDirection = 14,
    UnknownConnectionEvent = 15,
}
