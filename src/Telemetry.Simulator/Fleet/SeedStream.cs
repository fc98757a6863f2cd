namespace Telemetry.Simulator.Fleet;

/// <summary>The independent random streams derived from one simulation seed.</summary>
internal enum SeedStream
{
    Hardware = 1,
    Traffic = 2,
    Faults = 3,

    /// <summary>Comms flapping and reset loops, drawn apart so the older fault kinds keep their places.</summary>
    Disruptions = 4,

    PlannedResets = 5,

    /// <summary>The CSMS's ordinary commands, per charger.</summary>
    Commands = 6,

    /// <summary>The fault library's kinds beyond the original four.</summary>
    Library = 7,
}
