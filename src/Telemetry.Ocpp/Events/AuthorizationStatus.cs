namespace Telemetry.Ocpp.Events;

/// <summary>Union of 1.6 AuthorizationStatus (idTagInfo.status) and 2.0.1 AuthorizationStatusEnumType (idTokenInfo.status). Values are stable: they are encoded on the wire.</summary>
public enum AuthorizationStatus : byte
{
    None = 0,
    Accepted = 1,
    Blocked = 2,
    Expired = 3,
    Invalid = 4,
    ConcurrentTx = 5,
    NoCredit = 6,
    NotAllowedTypeEVSE = 7,
    NotAtThisLocation = 8,
    NotAtThisTime = 9,
    Unknown = 10,
    /// <summary>A string outside the vocabulary of the field.</summary>
    Unrecognised = 255,
}
