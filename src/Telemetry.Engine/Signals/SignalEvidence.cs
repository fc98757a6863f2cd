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
}
