namespace Telemetry.Decide.Policy;

/// <summary>Ownership and time limits of one cause (section <c>Escalation:Causes:&lt;cause&gt;</c>).</summary>
public sealed class CausePolicyOptions
{
    /// <summary>Owner when the incident opens.</summary>
    public string InitialOwner { get; set; } = "frontline";

    /// <summary>The last owner the deadline moves it to; no deadline once there.</summary>
    public string FinalOwner { get; set; } = "field";

    /// <summary>Unresolved this long with one owner moves the incident to the next one.</summary>
    public TimeSpan TimeLimit { get; set; } = TimeSpan.FromHours(4);

    /// <summary>Owner of a fleet (systemic) incident of this cause.</summary>
    public string SystemicOwner { get; set; } = "vendor";

    /// <summary>Whether remote commands (probe, reset) are tried for this cause.</summary>
    public bool RemoteRecovery { get; set; } = true;
}
