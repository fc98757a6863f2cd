namespace Telemetry.Simulator.Fleet;

/// <summary>The OCPP version a simulated charger speaks.</summary>
public enum ProtocolVersion
{
    Ocpp16,
    Ocpp201,
}
