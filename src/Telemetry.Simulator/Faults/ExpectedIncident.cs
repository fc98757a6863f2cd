namespace Telemetry.Simulator.Faults;

/// <summary>
/// The incident an operator should get for a fault under the shipped policy
/// (ops/escalation-policy.json): truth.json <c>expected_incident</c>. Values are the names of
/// incidents.jsonl (<c>scope</c>, <c>cause</c>, <c>recovery</c>, <c>owner</c>); <see cref="Cause"/>,
/// <see cref="Recovery"/> and <see cref="Owner"/> may list alternatives separated by <c>|</c> when the fault's code is
/// drawn while its traffic is written, so truth cannot name it.
/// </summary>
/// <param name="Owner">The owner once the cause is decided (a silent charger's cause is decided when it returns).</param>
public sealed record ExpectedIncident(string Scope, string Cause, string Recovery, string Owner)
{
    /// <summary>The owner the policy must move the incident to within the fault (plus the scoring tolerance); null when none is required.</summary>
    public string? EscalatesTo { get; init; }

    /// <summary>True when the incident must end resolved (a restart that held).</summary>
    public bool Resolves { get; init; }

    public bool AcceptsCause(string? cause) => Accepts(Cause, cause);

    public bool AcceptsOwner(string? owner) => Accepts(Owner, owner);

    public bool AcceptsRecovery(string? recovery) => Accepts(Recovery, recovery);

    private static bool Accepts(string alternatives, string? value)
    {
        if (value is null)
        {
            return false;
        }

        foreach (var part in alternatives.Split('|'))
        {
            if (part == value)
            {
                return true;
            }
        }

        return false;
    }
}
