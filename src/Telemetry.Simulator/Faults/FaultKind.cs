namespace Telemetry.Simulator.Faults;

/// <summary>
/// The kinds of fault the simulator injects; truth.json names them offline, connector_faulted,
/// comms_flapping and reset_loop.
/// </summary>
public enum FaultKind
{
    /// <summary>The whole charger is disconnected: no traffic at all until it reconnects and boots.</summary>
    Offline,

    /// <summary>One port reports Faulted while the charger stays online.</summary>
    ConnectorFaulted,

    /// <summary>The connection drops and returns several times within an hour; the charger does not reboot.</summary>
    CommsFlapping,

    /// <summary>The charger reboots several times within hours, with no Reset from the CSMS.</summary>
    ResetLoop,
}
