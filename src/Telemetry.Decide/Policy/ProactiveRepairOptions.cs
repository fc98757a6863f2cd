namespace Telemetry.Decide.Policy;

/// <summary>
/// Chargers that keep recovering by themselves (section <c>Escalation:ProactiveRepair</c>): each
/// episode is short, but together they predict the failure that will not recover.
/// </summary>
public sealed class ProactiveRepairOptions
{
    /// <summary>Incidents of one charger resolved without a remote command, within <see cref="Window"/>, that make it a field candidate.</summary>
    public int SelfRecoveries { get; set; } = 3;

    public TimeSpan Window { get; set; } = TimeSpan.FromDays(7);

    public string Owner { get; set; } = "field";
}
