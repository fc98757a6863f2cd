namespace Telemetry.Simulator.Faults;

/// <summary>What a fault takes down: one port, one charger, every charger of a site, or chargers across sites.</summary>
public enum FaultScope
{
    Connector,
    Charger,
    Site,
    Fleet,
}
