using Telemetry.Decide.Classification;
using Telemetry.Decide.Policy;
using Telemetry.Engine.Signals;

namespace Telemetry.Decide.Incidents;

/// <summary>
/// One step of an incident's lifecycle, as written to <c>uptime.incidents</c> (DESIGN §2.3): a
/// snapshot of the whole incident at <see cref="TimestampMs"/>, so that a consumer needs only the latest.
/// </summary>
/// <param name="EventId">Deterministic CloudEvents id: the incident id and the record's sequence number within it.</param>
/// <param name="Subject">What the incident is about: the charger, <c>site/&lt;id&gt;</c> or <c>fleet/&lt;model&gt;</c>.</param>
/// <param name="Reason">Why this record was written, e.g. <c>deadline passed</c>.</param>
public sealed record IncidentRecord(
    string EventId,
    IncidentState State,
    long TimestampMs,
    string Subject,
    string Incident,
    SignalScope Scope,
    IncidentCause Cause,
    Recoverability Recovery,
    Owner Owner,
    string? ChargePoint,
    string? Site,
    IReadOnlyList<int> Connectors,
    IReadOnlyList<string> Chargers,
    string? Model,
    string? Firmware,
    long? DeadlineMs,
    string Evidence,
    string Reason,
    IncidentAnswers Answers);
