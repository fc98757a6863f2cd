namespace Telemetry.Decide.Correlation;

/// <summary>
/// Internal lifecycle of an incident:
/// Pending ──group wait──▶ Open ──all signals cleared──▶ Resolving ──hold period──▶ Resolved
///                           ▲                               │
///                           └──── a signal returns ─────────┘ (same incident, reopened)
/// A pending incident may instead be merged into a site or fleet incident and never published.
/// </summary>
internal enum IncidentPhase : byte
{
    Pending = 0,
    Open = 1,
    Resolving = 2,
    Resolved = 3,
    Merged = 4,
}
