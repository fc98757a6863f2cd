namespace Telemetry.Simulator.Scoring;

/// <summary>What <see cref="IncidentScorer"/> found: per class and per fault, and the incidents no fault accounts for.</summary>
/// <param name="FalseIncidents">Incidents matching no fault, or matching only faults that expect none.</param>
/// <param name="FalseOnHealthy">Of those, incidents whose chargers are in no fault at all.</param>
/// <param name="Unmatched">Ids of the false incidents, in file order.</param>
public sealed record IncidentReport(
    IReadOnlyList<IncidentClassScore> Classes,
    IReadOnlyList<IncidentJudgement> Faults,
    int Total,
    int FalseIncidents,
    int FalseOnHealthy,
    IReadOnlyList<string> Unmatched);
