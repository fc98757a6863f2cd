namespace Telemetry.Ocpp.Events;

/// <summary>Reset <c>type</c>: 1.6 ResetType and 2.0.1 ResetEnumType. Values are stable: they are encoded on the wire.</summary>
public enum ResetType : byte
{
    None = 0,
    Soft = 1,
    Hard = 2,
    Immediate = 3,
    OnIdle = 4,
    /// <summary>A string outside the vocabulary of the field.</summary>
    Unrecognised = 255,
}
