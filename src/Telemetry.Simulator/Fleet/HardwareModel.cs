namespace Telemetry.Simulator.Fleet;

/// <summary>A charger model of the catalogue: ports, power and the firmware seen in the field.</summary>
internal sealed record HardwareModel(string Vendor, string Model, int Ports, int MaxPowerKw, string[] Firmware);
