namespace Telemetry.Ocpp.Events;

/// <summary>The <c>status</c> of a command's CALLRESULT, across the commands of <see cref="CommandAction"/> in 1.6 and 2.0.1. Values are stable: they are encoded on the wire.</summary>
public enum CommandStatus : byte
{
    None = 0,
    Accepted = 1,
    Rejected = 2,
    Scheduled = 3,
    NotImplemented = 4,
    Unlocked = 5,
    UnlockFailed = 6,
    NotSupported = 7,
    OngoingAuthorizedTransaction = 8,
    UnknownConnector = 9,
    /// <summary>A string outside the vocabulary of the field.</summary>
    Unrecognised = 255,
}
