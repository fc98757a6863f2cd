namespace Telemetry.Simulator.Capture;

/// <summary>A session a fault forces on a port: who decides how it goes, rather than the port's random draw.</summary>
/// <param name="AuthStatus">Index in <see cref="CaptureVocabulary.AuthStatus"/>; a session not accepted ends after Authorize.</param>
/// <param name="StopAtMs">When the session stops (the charger's clock), whatever its charging time would be.</param>
/// <param name="PowerW">Power drawn; <paramref name="OfferedW"/> is what the charger offers, 0 for its rating.</param>
/// <param name="StopReason">Index in <see cref="CaptureVocabulary.StopReason"/>.</param>
/// <param name="HeldUntilMs">The charger is disconnected until then: a stop before it is sent after it, flagged offline.</param>
internal readonly record struct SessionPlan(
    int Port, int AuthStatus, long StopAtMs, int PowerW, int OfferedW, int StopReason, long HeldUntilMs = 0);
