namespace Telemetry.Simulator.Scoring;

/// <summary>What <see cref="Scorer"/> found: per-class precision and recall, false signals on healthy chargers, outage-minute error per port.</summary>
public sealed record ScoreReport(
    IReadOnlyList<ClassScore> Classes,
    int HealthyChargers,
    int FalseSignalsOnHealthy,
    IReadOnlyDictionary<string, int> FalseSignalsOnHealthyByType,
    IReadOnlyDictionary<string, int> UnmatchedByType,
    IReadOnlyList<PortOutageError> Ports)
{
    /// <summary>Raised signals neither true nor false: allowed by a fault, or explained by a planned reset or an exclusion window.</summary>
    public int Explained { get; init; }

    /// <summary>Incidents judged against truth; null when no incidents.jsonl was scored.</summary>
    public IncidentReport? Incidents { get; init; }

    public double? MaxOutageError => Ports.Count == 0 ? null : Ports.Max(p => p.Error);

    public double? MeanOutageError => Ports.Count == 0 ? null : Ports.Average(p => p.Error);
}
