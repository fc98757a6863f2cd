namespace Telemetry.Ocpp.Events;

/// <summary>ChangeAvailability: 1.6 AvailabilityType (<c>type</c>), 2.0.1 OperationalStatusEnumType (<c>operationalStatus</c>). Values are stable: they are encoded on the wire.</summary>
public enum AvailabilityType : byte
{
    None = 0,
    Operative = 1,
    Inoperative = 2,

    /// <summary>A string outside the vocabulary of the field.</summary>
    Unrecognised = 255,
}
