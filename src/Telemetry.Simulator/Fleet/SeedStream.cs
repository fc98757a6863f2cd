namespace Telemetry.Simulator.Fleet;

/// <summary>The independent random streams derived from one simulation seed.</summary>
internal enum SeedStream
{
    Hardware = 1,
    Traffic = 2,
    Faults = 3,
}
