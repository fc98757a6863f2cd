namespace Telemetry.Ocpp.Events;

/// <summary>OCPP-J sub-protocol of a connection. Values are stable.</summary>
public enum OcppVersion : byte
{
    Unknown = 0,
    V16 = 1,
    V201 = 2,
    V21 = 3,
}
