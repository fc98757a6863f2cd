namespace Telemetry.Decide.Classification;

/// <summary>What an incident is attributed to (DESIGN §2.3 <c>cause</c>).</summary>
public enum IncidentCause : byte
{
    Unknown = 0,
    Comms = 1,
    Power = 2,
    Hardware = 3,
    Connector = 4,
    Auth = 5,
    Billing = 6,
    Firmware = 7,
    Thermal = 8,
    Session = 9,
}
