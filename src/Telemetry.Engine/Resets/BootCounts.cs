namespace Telemetry.Engine.Resets;

/// <summary>Boots of one charger since the detector started, by classification (for rollups).</summary>
public readonly record struct BootCounts(int Planned, int Unplanned);
