using Telemetry.Decide.Classification;

namespace Telemetry.Decide.Incidents;

/// <summary>The questions every operator asks of an incident, answered from what the correlator saw.</summary>
/// <param name="RepeatsLast7Days">Times the same fault was raised on the same charger in the 7 days up to now, this one included.</param>
/// <param name="Extent"><c>connector</c>, <c>cabinet</c> (the whole charger), <c>site</c> or <c>fleet</c>.</param>
/// <param name="OtherChargersAtSiteAffected">Other chargers of the same site with an unresolved incident or raised signal.</param>
/// <param name="RemoteRestartsTried">Resets of the affected chargers since the incident began, requested here or seen in the traffic.</param>
/// <param name="RemoteRestartsHeld">Of those, the ones after which the fault stayed away for the hold period.</param>
/// <param name="Layer">Site, hardware or platform problem.</param>
/// <param name="FieldCandidate">True when the charger keeps recovering by itself often enough for a proactive repair visit.</param>
public sealed record IncidentAnswers(
    int RepeatsLast7Days,
    string Extent,
    int OtherChargersAtSiteAffected,
    int RemoteRestartsTried,
    int RemoteRestartsHeld,
    ProblemLayer Layer,
    bool FieldCandidate);
