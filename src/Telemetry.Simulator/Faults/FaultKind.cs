namespace Telemetry.Simulator.Faults;

/// <summary>
/// The kinds of fault the simulator injects; truth.json names them in snake case (offline,
/// connector_faulted, …, scheduled_maintenance; see <see cref="FaultLibrary.Name"/>). Values are
/// appended, never reordered: faults are sorted by kind where they share a start.
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

    /// <summary>Every charger of one site loses power at once and boots (PowerUp) when it returns.</summary>
    SitePowerLoss,

    /// <summary>Every charger of one site loses its uplink at once and reconnects without booting.</summary>
    SiteUplinkLoss,

    /// <summary>The charger keeps heartbeating but leaves the CSMS's CALLs unanswered.</summary>
    HalfDead,

    /// <summary>The same alarm on one port is raised and cleared again and again within a day.</summary>
    RecurringAlarm,

    /// <summary>Sessions on one port stop within two minutes of starting, with almost no energy and an abnormal reason.</summary>
    EarlyTermination,

    /// <summary>One charger's authorisations are rejected while the rest of the fleet accepts.</summary>
    ReaderAuthFailure,

    /// <summary>For a short window the CSMS rejects authorisations on chargers across sites.</summary>
    BackendAuthOutage,

    /// <summary>A faulted port recovers after a remote Reset and stays healthy.</summary>
    RestartHolds,

    /// <summary>A faulted port recovers after a remote Reset, but the same fault returns, more than once.</summary>
    RestartFails,

    /// <summary>Sessions on one port get at most half the model's rated power.</summary>
    PowerDerating,

    /// <summary>A firmware update of one model fails on chargers at several sites.</summary>
    FirmwareFailure,

    /// <summary>The CSMS takes a port out of service for planned work and puts it back.</summary>
    ScheduledMaintenance,
}
