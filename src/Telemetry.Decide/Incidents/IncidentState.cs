namespace Telemetry.Decide.Incidents;

/// <summary>The lifecycle step an incident record reports: CloudEvents type <c>uptime.incident.&lt;state&gt;</c>.</summary>
public enum IncidentState : byte
{
    Opened = 0,
    Updated = 1,
    RecoveryRequested = 2,
    Escalated = 3,
    Resolved = 4,
}
