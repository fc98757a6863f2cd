namespace Telemetry.Engine.Signals;

/// <summary>
/// Why a signal was raised or cleared; fields that do not apply are null and not written. A value,
/// so that a detector raising a signal allocates nothing for its evidence.
/// </summary>
public readonly record struct SignalEvidence
{
    /// <summary>What took the port down, e.g. <c>offline</c>, <c>faulted</c>, <c>station_unavailable</c>.</summary>
    public string? Cause { get; init; }

    /// <summary>OCPP status that decided it (ChargePointStatus / ConnectorStatusEnumType).</summary>
    public string? Status { get; init; }

    /// <summary>OCPP 1.6 ChargePointErrorCode, when the status came with one.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>How the charger was found offline: <c>disconnected</c> or <c>heartbeat_timeout</c>.</summary>
    public string? Reason { get; init; }

    /// <summary>Last traffic from the charger, Unix ms, for heartbeat timeouts.</summary>
    public long? LastSeenMs { get; init; }

    /// <summary>When the condition began, Unix ms; set on clearing.</summary>
    public long? SinceMs { get; init; }

    /// <summary>How long the condition lasted, in minutes; set on clearing.</summary>
    public double? DurationMinutes { get; init; }

    /// <summary>
    /// How many occurrences decided it: disconnects (<c>comms.unstable</c>) or unplanned boots
    /// (<c>reset.frequent</c>) within the window when raised; all of the episode when cleared.
    /// </summary>
    public int? Count { get; init; }

    /// <summary>Planned boots within the window, beside the unplanned ones in <see cref="Count"/>.</summary>
    public int? PlannedCount { get; init; }

    /// <summary>Length of the sliding window <see cref="Count"/> was taken over, in minutes.</summary>
    public double? WindowMinutes { get; init; }

    /// <summary>First occurrence counted, Unix ms.</summary>
    public long? FirstMs { get; init; }

    /// <summary>Last occurrence counted, Unix ms.</summary>
    public long? LastMs { get; init; }

    /// <summary>2.0.1 BootReason of the last boot, e.g. <c>Watchdog</c>; absent for 1.6, which states none.</summary>
    public string? BootReason { get; init; }

    /// <summary>OCPP 1.6 vendorErrorCode of an alarm raised by a StatusNotification.</summary>
    public string? VendorErrorCode { get; init; }

    /// <summary>OCPP 2.0.1 NotifyEvent alarm identity: <c>component/variable</c> or <c>component/variable/techCode</c>.</summary>
    public string? Alert { get; init; }

    /// <summary>Times the same alarm was raised in the last 7 UTC days, today included (<c>alarm.recurring</c>).</summary>
    public int? WeekCount { get; init; }

    /// <summary>How long an alarm had been open when <c>alarm.aging</c> was raised, in minutes.</summary>
    public double? AgeMinutes { get; init; }

    /// <summary>FirmwareStatus that decided a <c>firmware.failure</c> signal, e.g. <c>InstallationFailed</c>.</summary>
    public string? FirmwareStatus { get; init; }

    /// <summary>2.0.1 (and signed 1.6) firmware update requestId, when the charger gave one.</summary>
    public int? RequestId { get; init; }

    /// <summary>Highest power of the derated stretch, in kW (<c>power.derating</c>).</summary>
    public double? PowerKw { get; init; }

    /// <summary>The charger's rated power the stretch was compared with, in kW.</summary>
    public double? RatedKw { get; init; }

    /// <summary>Where <see cref="RatedKw"/> came from: <c>inventory</c>, or <c>learned</c> (highest power the charger delivered).</summary>
    public string? RatingSource { get; init; }

    /// <summary>OCPP measurand judged: <c>Power.Offered</c> or <c>Power.Active.Import</c>.</summary>
    public string? Measurand { get; init; }

    /// <summary>True when a HighTemperature error or a temperature alert came during the session.</summary>
    public bool? Thermal { get; init; }
    /// <summary>Judged attempts within the window (<c>session.failures</c>) or authorisation verdicts (<c>auth.failures</c>), beside the failures in <see cref="Count"/>.</summary>
    public int? Attempts { get; init; }

    /// <summary>Failed starts among <see cref="Count"/> (<c>session.failures</c>).</summary>
    public int? FailedStarts { get; init; }

    /// <summary>Early terminations among <see cref="Count"/> (<c>session.failures</c>).</summary>
    public int? EarlyTerminations { get; init; }

    /// <summary><see cref="Count"/> as a share of <see cref="Attempts"/> (or, fleet-wide, of the chargers that saw a driver), 0 to 1.</summary>
    public double? Share { get; init; }

    /// <summary>OCPP stop reason of the last early termination, e.g. <c>EVDisconnected</c>.</summary>
    public string? StopReason { get; init; }

    /// <summary>OCPP authorisation status of the last rejection, e.g. <c>Invalid</c>.</summary>
    public string? AuthStatus { get; init; }

    /// <summary>
    /// True on a charger's <c>auth.failures</c> raised while the fleet-wide view saw a backend
    /// outage: the charger's rejections are likely the backend's, not its reader's.
    /// </summary>
    public bool? BackendOutage { get; init; }

    /// <summary>Chargers in rejection at once (fleet-wide <c>auth.failures</c>).</summary>
    public int? Chargers { get; init; }

    /// <summary>Sites those chargers are at (fleet-wide <c>auth.failures</c>).</summary>
    public int? Sites { get; init; }

    /// <summary>CSMS restarts tried on a fault within the window (<c>restart.ineffective</c>).</summary>
    public int? RestartsTried { get; init; }

    /// <summary>Of <see cref="RestartsTried"/>, those after which the fault stayed away for the durability window.</summary>
    public int? RestartsHeld { get; init; }
}
