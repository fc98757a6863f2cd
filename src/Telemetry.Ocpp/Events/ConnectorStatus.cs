namespace Telemetry.Ocpp.Events;

/// <summary>
/// Union of OCPP 1.6 ChargePointStatus and OCPP 2.0.1 ConnectorStatusEnumType. Values are stable.
/// </summary>
public enum ConnectorStatus : byte
{
    None = 0,
    Available = 1,
    Preparing = 2,
    Charging = 3,
    SuspendedEVSE = 4,
    SuspendedEV = 5,
    Finishing = 6,
    Reserved = 7,
    Unavailable = 8,
    Faulted = 9,
    Occupied = 10,
}
