namespace Telemetry.Simulator;

/// <summary>What <see cref="FleetSimulator.WriteTo"/> produced.</summary>
public sealed record SimulationSummary(string CapturePath, string InventoryPath, string TruthPath, long Records, int Faults);
