namespace Telemetry.Ocpp.Events;

/// <summary>CALLERROR errorCode of OCPP-J 1.6 and 2.0.1; the two spellings of a code map to one value. Values are stable: they are encoded on the wire.</summary>
public enum CallErrorCode : byte
{
    None = 0,
    NotImplemented = 1,
    NotSupported = 2,
    InternalError = 3,
    ProtocolError = 4,
    SecurityError = 5,
    FormatViolation = 6,
    PropertyConstraintViolation = 7,
    OccurrenceConstraintViolation = 8,
    TypeConstraintViolation = 9,
    GenericError = 10,
    MessageTypeNotSupported = 11,
    RpcFrameworkError = 12,
    /// <summary>A string outside the vocabulary of the field.</summary>
    Unrecognised = 255,
}
