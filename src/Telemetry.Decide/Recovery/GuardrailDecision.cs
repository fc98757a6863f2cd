namespace Telemetry.Decide.Recovery;

/// <summary>Whether a recovery step may be sent now.</summary>
/// <param name="Allowed">Send it now.</param>
/// <param name="Rule">The rule that allowed it, or the one that holds it back.</param>
/// <param name="RetryAtMs">When held back for a while (back-off, session, offline): when to ask again.</param>
/// <param name="Exhausted">Held back for good (the daily limit): escalate instead.</param>
public sealed record GuardrailDecision(bool Allowed, string Rule, long? RetryAtMs, bool Exhausted)
{
    public static GuardrailDecision Allow(string rule) => new(true, rule, null, false);

    public static GuardrailDecision Wait(string rule, long retryAtMs) => new(false, rule, retryAtMs, false);

    public static GuardrailDecision Stop(string rule) => new(false, rule, null, true);
}
