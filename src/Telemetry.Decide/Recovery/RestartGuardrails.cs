using System.Globalization;
using Telemetry.Decide.Policy;

namespace Telemetry.Decide.Recovery;

/// <summary>
/// The guardrails of <c>Escalation:Restarts</c>, as a pure decision over what is known of the
/// charger at <c>now</c>: connected, sessions in progress, resets in the last day and the last one.
/// </summary>
public sealed class RestartGuardrails
{
    private readonly RestartOptions _options;
    private readonly long _backOffMs;

    public RestartGuardrails(RestartOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _backOffMs = (long)options.BackOff.TotalMilliseconds;
    }

    /// <param name="sessionOnPort">A session is in progress on the incident's port (or on any port, for a charger).</param>
    /// <param name="restartsToday">Resets of the charger within the last 24 hours.</param>
    /// <param name="lastRestartMs">The latest of them, or <see cref="long.MinValue"/>.</param>
    public GuardrailDecision Decide(RecoveryStep step, long now, bool connected, bool sessionOnPort, int restartsToday, long lastRestartMs)
    {
        var retry = now + Math.Max(_backOffMs, 60_000);
        if (!connected)
        {
            return GuardrailDecision.Wait("charger not connected", retry);
        }

        switch (step)
        {
            case RecoveryStep.Probe:
                return GuardrailDecision.Allow("probe: read-only, always allowed");
            case RecoveryStep.TakeOutOfService:
                return sessionOnPort
                    ? GuardrailDecision.Wait("session in progress on the connector", retry)
                    : GuardrailDecision.Allow("connector idle; damaged connector taken out of service for the field");
        }

        if (restartsToday >= _options.MaxPerChargerPerDay)
        {
            return GuardrailDecision.Stop(string.Create(CultureInfo.InvariantCulture, $"Restarts:MaxPerChargerPerDay {_options.MaxPerChargerPerDay} reached"));
        }

        if (lastRestartMs != long.MinValue && now - lastRestartMs < _backOffMs)
        {
            return GuardrailDecision.Wait("Restarts:BackOff since the last reset", lastRestartMs + _backOffMs);
        }

        if (sessionOnPort && !(step == RecoveryStep.HardReset && _options.AllowImmediateDuringSession))
        {
            return GuardrailDecision.Wait("session in progress; no reset during a session", retry);
        }

        var count = string.Create(CultureInfo.InvariantCulture, $"{restartsToday + 1} of {_options.MaxPerChargerPerDay} resets today");
        return GuardrailDecision.Allow(sessionOnPort
            ? $"Restarts:AllowImmediateDuringSession; {count}"
            : $"charger idle, back-off respected; {count}");
    }
}
