namespace Telemetry.Engine.Auth;

/// <summary>Authorisation verdicts of one charger since the detector started, as counted (a retry within the retry window counts once).</summary>
public readonly record struct AuthCounts(int Accepted, int Rejected);
