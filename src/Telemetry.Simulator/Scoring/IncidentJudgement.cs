namespace Telemetry.Simulator.Scoring;

/// <summary>How one fault's incident compares with truth's <c>expected_incident</c>.</summary>
/// <param name="Incidents">Incidents matched to the fault (a site or fleet fault must have exactly one).</param>
/// <param name="Incident">The judged incident: the first matched one; null when none matched.</param>
/// <param name="Expected">False when truth expects no incident (then every matched one is a false incident).</param>
public sealed record IncidentJudgement(
    string FaultId,
    string Class,
    bool Expected,
    int Incidents,
    string? Incident,
    bool ScopeCorrect,
    bool CauseCorrect,
    bool RecoveryCorrect,
    bool OwnerCorrect)
{
    public bool AllCorrect => ScopeCorrect && CauseCorrect && RecoveryCorrect && OwnerCorrect;
}
