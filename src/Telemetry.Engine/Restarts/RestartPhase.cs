namespace Telemetry.Engine.Restarts;

/// <summary>Where a port's restart stands, from the CSMS Reset to its verdict.</summary>
internal enum RestartPhase : byte
{
    /// <summary>No restart being followed.</summary>
    None = 0,

    /// <summary>A CSMS Reset reached a faulted port; waiting for the boot.</summary>
    Requested = 1,

    /// <summary>Rebooted; waiting for the port to come up.</summary>
    Booted = 2,

    /// <summary>Up again; waiting out the durability window for the same fault.</summary>
    Recovered = 3,
}
