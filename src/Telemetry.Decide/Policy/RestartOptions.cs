namespace Telemetry.Decide.Policy;

/// <summary>Guardrails of remote recovery (section <c>Escalation:Restarts</c>).</summary>
public sealed class RestartOptions
{
    /// <summary>Resets one charger may receive in any 24 hours, requested here or seen in the traffic.</summary>
    public int MaxPerChargerPerDay { get; set; } = 2;

    /// <summary>Least time between two resets of one charger.</summary>
    public TimeSpan BackOff { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long to wait for the charger's answer to a command before recording no answer.</summary>
    public TimeSpan ResultTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>After an accepted reset, how long the incident's signals have to clear for it to count as recovered.</summary>
    public TimeSpan RecoveryTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Whether a Hard / Immediate reset may interrupt a charging session. Off: a charger with a
    /// session in progress waits, and the incident escalates on its deadline if it never idles.
    /// </summary>
    public bool AllowImmediateDuringSession { get; set; }

    /// <summary>Whether to probe with TriggerMessage before the first reset.</summary>
    public bool ProbeFirst { get; set; } = true;
}
