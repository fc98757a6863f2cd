namespace Telemetry.Engine.Signals;

/// <summary>Why a signal was raised or cleared; fields that do not apply are null and not written.</summary>
public sealed record SignalEvidence
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
