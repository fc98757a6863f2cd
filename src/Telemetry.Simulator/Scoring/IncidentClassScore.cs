namespace Telemetry.Simulator.Scoring;

/// <summary>Incidents of one fault class against truth.</summary>
/// <param name="Expecting">Faults for which truth expects an incident.</param>
/// <param name="Matched">Of those, faults with at least one matched incident.</param>
/// <param name="ExactlyOne">Of those, faults with exactly one.</param>
/// <param name="Incidents">Incidents matched to the class's faults (including any on faults expecting none).</param>
public sealed record IncidentClassScore(
    string Class,
    int Faults,
    int Expecting,
    int Matched,
    int ExactlyOne,
    int ScopeCorrect,
    int CauseCorrect,
    int RecoveryCorrect,
    int OwnerCorrect,
    int Incidents);
