namespace Telemetry.Simulator.Scoring;

/// <summary>One record of an incident in incidents.jsonl: the lifecycle step and what the incident said at that time.</summary>
/// <param name="State">opened, updated, recovery_requested, escalated or resolved.</param>
public sealed record IncidentSnapshot(long TimestampMs, string State, string Scope, string Cause, string Recovery, string Owner, string Reason);
