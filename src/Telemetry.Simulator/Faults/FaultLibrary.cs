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
}
