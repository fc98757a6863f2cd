namespace Telemetry.Simulator.Scoring;

/// <summary>One row of outages.csv: a period a port was down.</summary>
/// <param name="EndMs">Null when the outage was still open when the input ended.</param>
public sealed record ScoredOutage(string ChargePoint, int Port, long StartMs, long? EndMs, double DurationMinutes);
