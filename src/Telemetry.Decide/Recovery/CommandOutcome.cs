namespace Telemetry.Decide.Recovery;

/// <summary>Where a recovery command stands, from the OCPP traffic that followed the request.</summary>
public enum CommandOutcome : byte
{
    Requested = 0,
    Accepted = 1,
    Rejected = 2,

    /// <summary>No CALLRESULT within the result timeout: the CSMS did not send it, or the charger did not answer.</summary>
    NoAnswer = 3,
}
