namespace Telemetry.Simulator.Faults;

/// <summary>The kinds of fault the simulator injects; truth.json names them offline and connector_faulted.</summary>
public enum FaultKind
{
    /// <summary>The whole charger is disconnected: no traffic at all until it reconnects and boots.</summary>
    Offline,

    /// <summary>One port reports Faulted while the charger stays online.</summary>
    ConnectorFaulted,
}
