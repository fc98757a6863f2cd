namespace Telemetry.Simulator.Fleet;

/// <summary>One simulated charger as the inventory describes it.</summary>
/// <param name="Index">Zero-based position in the fleet; charge point <c>CP-000001</c> has index 0.</param>
/// <param name="Ports">Connectors (OCPP 1.6) or EVSEs with one connector each (OCPP 2.0.1).</param>
public sealed record ChargerProfile(
    int Index,
    string Id,
    string Site,
    string Vendor,
    string Model,
    string Firmware,
    int Ports,
    int MaxPowerKw,
    ProtocolVersion Protocol,
    DateOnly Commissioned);
