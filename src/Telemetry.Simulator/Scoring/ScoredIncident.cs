namespace Telemetry.Simulator.Scoring;

/// <summary>One incident of incidents.jsonl: where it is and every record of it, in file order.</summary>
/// <param name="ChargePoint">The charger of a connector or charger incident.</param>
/// <param name="Connectors">Ports named by its latest record.</param>
/// <param name="Chargers">Every charger any of its records named.</param>
public sealed record ScoredIncident(
    string Id,
    string? ChargePoint,
    string? Site,
    IReadOnlyList<int> Connectors,
    IReadOnlyList<string> Chargers,
    IReadOnlyList<IncidentSnapshot> Records)
{
    public long OpenedMs => Records[0].TimestampMs;

    public IncidentSnapshot Last => Records[^1];

    /// <summary>True when its last record resolved it into another (a site or fleet incident took its chargers over).</summary>
    public bool Merged => Last.State == "resolved" && Last.Reason.StartsWith("merged into", StringComparison.Ordinal);
}
