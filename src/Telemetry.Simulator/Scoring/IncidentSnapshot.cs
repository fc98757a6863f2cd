namespace Telemetry.Simulator.Scoring;

/// <summary>One record of an incident in incidents.jsonl: the lifecycle step and what the incident said at that time.</summary>
/// <param name="State">opened, updated, recovery_requested, escalated or resolved.</param>
/// <param name="Repeats">answers.repeats_7d: the same fault on the charger within 7 days, this one included.</param>
/// <param name="FieldCandidate">answers.field_candidate: the charger keeps recovering by itself.</param>
public sealed record IncidentSnapshot(
    long TimestampMs, string State, string Scope, string Cause, string Recovery, string Owner, string Reason, int Repeats = 1, bool FieldCandidate = false);
