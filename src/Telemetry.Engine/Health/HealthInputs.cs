namespace Telemetry.Engine.Health;

/// <summary>What the health score of one port-minute is computed from.</summary>
/// <param name="DownMs">Down time not excluded, offline included.</param>
/// <param name="KnownMs">Up, down and excluded time: the part of the minute whose state is known.</param>
/// <param name="AlarmOpen">An error code or alert was open on the port during the minute.</param>
/// <param name="RecentUnplannedBoot">The charger booted unplanned within the recent window before the minute's end.</param>
/// <param name="RecentFailedSession">A session on the port failed within the recent window before the minute's end.</param>
/// <param name="UnstableComms">The charger disconnected or left a CSMS CALL unanswered within the recent window.</param>
public readonly record struct HealthInputs(
    int DownMs,
    int KnownMs,
    bool AlarmOpen,
    bool RecentUnplannedBoot,
    bool RecentFailedSession,
    bool UnstableComms);
