namespace Telemetry.Simulator.Faults;

/// <summary>
/// The fault scenario library: each kind's truth.json name, scope and the signals the detectors
/// are expected to raise for it (the contract in docs/contracts.md, "truth.json").
/// </summary>
public static class FaultLibrary
{
    /// <summary>Open alarms older than this are expected to age (the detectors' default is 4 h; a margin makes the expectation firm).</summary>
    public const int AgingMinutes = 300;

    /// <summary>The four kinds the simulator has always injected; the library's default for callers that set nothing.</summary>
    public static IReadOnlySet<FaultKind> Basic { get; } = new HashSet<FaultKind>
    {
        FaultKind.Offline, FaultKind.ConnectorFaulted, FaultKind.CommsFlapping, FaultKind.ResetLoop,
    };

    /// <summary>Every kind of the library.</summary>
    public static IReadOnlySet<FaultKind> All { get; } = new HashSet<FaultKind>(Enum.GetValues<FaultKind>());

    public static string Name(FaultKind kind) => kind switch
    {
        FaultKind.Offline => "offline",
        FaultKind.ConnectorFaulted => "connector_faulted",
        FaultKind.CommsFlapping => "comms_flapping",
        FaultKind.ResetLoop => "reset_loop",
        FaultKind.SitePowerLoss => "site_power_loss",
        FaultKind.SiteUplinkLoss => "site_uplink_loss",
        FaultKind.HalfDead => "half_dead",
        FaultKind.RecurringAlarm => "recurring_alarm",
        FaultKind.EarlyTermination => "early_termination",
        FaultKind.ReaderAuthFailure => "reader_auth_failure",
        FaultKind.BackendAuthOutage => "backend_auth_outage",
        FaultKind.RestartHolds => "restart_holds",
        FaultKind.RestartFails => "restart_fails",
        FaultKind.PowerDerating => "power_derating",
        FaultKind.FirmwareFailure => "firmware_failure",
        FaultKind.ScheduledMaintenance => "scheduled_maintenance",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static bool TryParse(string? name, out FaultKind kind)
    {
        foreach (var candidate in Enum.GetValues<FaultKind>())
        {
            if (string.Equals(Name(candidate), name, StringComparison.Ordinal))
            {
                kind = candidate;
                return true;
            }
        }

        kind = default;
        return false;
    }

    /// <summary>
    /// Parses a selection: <c>all</c> or <c>default</c> (every kind), <c>basic</c> (the original
    /// four), or kind names separated by commas.
    /// </summary>
    /// <exception cref="FormatException">A name is not a kind.</exception>
    public static IReadOnlySet<FaultKind> ParseSelection(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (trimmed is "all" or "default")
        {
            return All;
        }

        if (trimmed == "basic")
        {
            return Basic;
        }

        var kinds = new HashSet<FaultKind>();
        foreach (var part in trimmed.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!TryParse(part, out var kind))
            {
                throw new FormatException($"Unknown fault kind '{part}'; expected all, default, basic or names from: {string.Join(", ", Enum.GetValues<FaultKind>().Select(Name))}.");
            }

            kinds.Add(kind);
        }

        return kinds.Count > 0 ? kinds : throw new FormatException("No fault kind selected.");
    }

    public static FaultScope Scope(FaultKind kind) => kind switch
    {
        FaultKind.ConnectorFaulted or FaultKind.RecurringAlarm or FaultKind.EarlyTermination or FaultKind.RestartHolds
            or FaultKind.RestartFails or FaultKind.PowerDerating or FaultKind.ScheduledMaintenance => FaultScope.Connector,
        FaultKind.SitePowerLoss or FaultKind.SiteUplinkLoss => FaultScope.Site,
        FaultKind.BackendAuthOutage or FaultKind.FirmwareFailure => FaultScope.Fleet,
        _ => FaultScope.Charger,
    };

    /// <summary>The scoring class: the kind's name, as the contract groups no kinds together.</summary>
    public static string Class(FaultKind kind) => Name(kind);

    /// <summary>The signal types a fault of <paramref name="kind"/> lasting <paramref name="minutes"/> is expected to raise.</summary>
    public static IReadOnlyList<string> ExpectedSignals(FaultKind kind, int minutes) => kind switch
    {
        FaultKind.Offline or FaultKind.SitePowerLoss => [SignalNames.CommsOffline, SignalNames.AvailabilityOutage],
        FaultKind.ConnectorFaulted => minutes >= AgingMinutes
            ? [SignalNames.AvailabilityOutage, SignalNames.AlarmAging]
            : [SignalNames.AvailabilityOutage],
        FaultKind.CommsFlapping or FaultKind.HalfDead => [SignalNames.CommsUnstable],
        FaultKind.ResetLoop => [SignalNames.ResetFrequent],
        FaultKind.SiteUplinkLoss => [SignalNames.CommsOffline],
        FaultKind.RecurringAlarm => [SignalNames.AlarmRecurring],
        FaultKind.EarlyTermination => [SignalNames.SessionFailures],
        FaultKind.ReaderAuthFailure or FaultKind.BackendAuthOutage => [SignalNames.AuthFailures],
        FaultKind.RestartHolds or FaultKind.ScheduledMaintenance => [SignalNames.AvailabilityOutage],
        FaultKind.RestartFails => [SignalNames.AvailabilityOutage, SignalNames.RestartIneffective],
        FaultKind.PowerDerating => [SignalNames.PowerDerating],
        FaultKind.FirmwareFailure => [SignalNames.FirmwareFailure],
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>
    /// The signal types a fault of <paramref name="kind"/> may cause besides those it is expected
    /// to raise: what the fault really does to the charger (NEVI counts a rebooting or disconnected
    /// charger's ports as down), which a detector is right to report but need not.
    /// </summary>
    public static IReadOnlyList<string> AllowedSignals(IReadOnlyList<string> expected, FaultKind kind)
    {
        ArgumentNullException.ThrowIfNull(expected);
        IReadOnlyList<string> caused = kind switch
        {
            // Each drop is the charger offline, its ports down (reset loops also drop the link again and again).
            FaultKind.CommsFlapping => [SignalNames.CommsOffline, SignalNames.AvailabilityOutage],
            FaultKind.ResetLoop => [SignalNames.CommsOffline, SignalNames.AvailabilityOutage, SignalNames.CommsUnstable],
            FaultKind.Offline or FaultKind.SitePowerLoss => [SignalNames.CommsUnstable],
            // A disconnected charger's ports are down; a session cut by the loss may count as failed.
            FaultKind.SiteUplinkLoss => [SignalNames.AvailabilityOutage, SignalNames.SessionFailures],
            // A long fault may outlive the aging threshold; the fault code repeats at every cycle.
            FaultKind.ConnectorFaulted => [SignalNames.AlarmAging],
            FaultKind.RestartHolds => [SignalNames.CommsOffline, SignalNames.AlarmAging],
            FaultKind.RestartFails => [SignalNames.CommsOffline, SignalNames.AlarmRecurring, SignalNames.AlarmAging],
            // Refused drivers are failed visits too.
            FaultKind.ReaderAuthFailure or FaultKind.BackendAuthOutage => [SignalNames.SessionFailures],
            _ => [],
        };
        return [.. caused.Where(type => !expected.Contains(type))];
    }

    /// <summary>
    /// The incident a fault of <paramref name="kind"/> should give under the shipped policy, or
    /// null when it should give none (scheduled maintenance is planned: the CSMS took the port out
    /// of service, so the outage is expected and excluded, not an incident). The cause of a
    /// connector fault follows its code (<paramref name="errorCode"/>, when known); the owner is
    /// the cause's initial owner, raised where the policy raises it on open (a site to techops, a
    /// recurring alarm to techops, a fleet fault to its systemic owner).
    /// </summary>
    /// <param name="errorCode">The reported fault code, when the planner drew it; null when the traffic draws it.</param>
    /// <param name="codeUnreported">True when the charger reports no code at all (2.0.1 Faulted): a Faulted status without a diagnosis is hardware.</param>
    public static ExpectedIncident? ExpectedIncident(FaultKind kind, string? errorCode, bool codeUnreported = false) => kind switch
    {
        // A charger that boots after its silence lost its supply.
        FaultKind.Offline => new("charger", "power", "field", "techops"),
        // The code is drawn with the traffic: a connector part, the cabinet's hardware, or heat.
        FaultKind.ConnectorFaulted => new("connector", "connector|hardware|thermal", "field", "frontline|techops"),
        // Repeated comms.offline raises on one charger (e.g. after a site outage) may open it with techops.
        FaultKind.CommsFlapping => new("charger", "comms", "remote", "frontline|techops"),
        FaultKind.ResetLoop => new("charger", "hardware", "remote", "techops"),
        FaultKind.SitePowerLoss => new("site", "power", "field", "techops"),
        // The link came back by itself: network validation is remote; a site is never below techops.
        FaultKind.SiteUplinkLoss => new("site", "comms", "remote", "techops"),
        // Its CALLs go unanswered, so the remote ladder gets no answer and moves it on.
        FaultKind.HalfDead => new("charger", "comms", "remote", "frontline") { EscalatesTo = "techops" },
        // A code the classifier cannot place (2.0.1 "Problem") is not physical: remote first.
        FaultKind.RecurringAlarm => new("connector", CodeCause(errorCode), errorCode is null ? "field|remote" : CodeCause(errorCode) == "unknown" ? "remote" : "field", "techops"),
        FaultKind.EarlyTermination => new("connector", "session", "remote", "frontline"),
        // A day or more of rejections outlives two 2 h auth deadlines: frontline → techops → field.
        FaultKind.ReaderAuthFailure => new("charger", "auth", "field", "frontline") { EscalatesTo = "field" },
        FaultKind.BackendAuthOutage => new("fleet", "auth", "remote", "techops"),
        // The restart held: the fault proved remotely recoverable.
        FaultKind.RestartHolds => codeUnreported
            ? new("connector", "hardware", "remote", "techops") { Resolves = true }
            : new("connector", CodeCause(errorCode), "remote", InitialOwner(CodeCause(errorCode))) { Resolves = true },
        // restart.ineffective hands it to the field.
        FaultKind.RestartFails => codeUnreported
            ? new("connector", "hardware", "field", "techops") { EscalatesTo = "field" }
            : new("connector", CodeCause(errorCode), "field", InitialOwner(CodeCause(errorCode))) { EscalatesTo = "field" },
        FaultKind.PowerDerating => new("connector", "thermal", "field", "techops"),
        FaultKind.FirmwareFailure => new("fleet", "firmware", "vendor", "vendor"),
        FaultKind.ScheduledMaintenance => null,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The cause a reported fault code points to (docs/escalation.md, Classification); every connector-fault code when unknown.</summary>
    private static string CodeCause(string? code) => code switch
    {
        null => "connector|hardware|thermal|power|unknown",
        "GroundFailure" or "ConnectorLockFailure" or "EVCommunicationError" => "connector",
        "HighTemperature" => "thermal",
        "OverCurrentFailure" or "PowerSwitchFailure" or "PowerMeterFailure" or "ReaderFailure" or "InternalError" => "hardware",
        "OverVoltage" or "UnderVoltage" => "power",
        _ => "unknown",
    };

    /// <summary>The policy's initial owner of a cause (ops/escalation-policy.json).</summary>
    private static string InitialOwner(string cause) => cause switch
    {
        "connector" or "comms" or "auth" or "billing" or "session" or "unknown" => "frontline",
        "power" or "hardware" or "thermal" or "firmware" => "techops",
        _ => "frontline|techops",
    };
}
