namespace Telemetry.Decide.Recovery;

/// <summary>
/// A remote-recovery request for the CSMS (DESIGN §2.3 <c>uptime.commands</c>), or a later record of
/// its outcome under the same <see cref="Key"/>: a CSMS acts on <see cref="CommandOutcome.Requested"/>
/// and treats a repeated key as already done.
/// </summary>
/// <param name="Key">Idempotency key: a hash of the incident id and the step number.</param>
/// <param name="Action"><c>TriggerMessage</c>, <c>Reset</c> or <c>ChangeAvailability</c>.</param>
/// <param name="Argument">TriggerMessage requestedMessage, Reset type (Soft/Hard for 1.6, OnIdle/Immediate for 2.0.1), or the availability.</param>
/// <param name="Guardrail">The rule of the escalation policy that allowed the request.</param>
/// <param name="Recovered">After an accepted reset: whether the incident's signals cleared in time; null until known.</param>
/// <param name="Held">After recovery: whether the fault stayed away for the hold period; null until known.</param>
public sealed record CommandRecord(
    string Key,
    string Incident,
    int StepNumber,
    RecoveryStep Step,
    long TimestampMs,
    long RequestedMs,
    string ChargePoint,
    int? Connector,
    string Action,
    string Argument,
    string Guardrail,
    CommandOutcome Outcome,
    bool? Recovered,
    bool? Held);
