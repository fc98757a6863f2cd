namespace Telemetry.Decide.Policy;

/// <summary>When an incident counts as resolved (section <c>Escalation:Resolution</c>).</summary>
public sealed class ResolutionOptions
{
    /// <summary>
    /// Every signal of the incident must stay clear this long before it is resolved; a return
    /// within it reopens the same incident. Also how long a restart must keep the fault away to
    /// count as held.
    /// </summary>
    public TimeSpan HoldPeriod { get; set; } = TimeSpan.FromHours(4);

    /// <summary>
    /// After a silent charger reconnects, how long to wait for its BootNotification before
    /// deciding between power (it rebooted) and comms (it kept running).
    /// </summary>
    public TimeSpan BootGrace { get; set; } = TimeSpan.FromMinutes(2);
}
