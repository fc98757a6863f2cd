namespace Telemetry.Simulator.Scoring;

/// <summary>Outage minutes expected on one port during a fault, and what outages.csv shows there.</summary>
public sealed record PortOutageError(string FaultId, string Port, double ExpectedMinutes, double DetectedMinutes)
{
    public double Error => Math.Abs(DetectedMinutes - ExpectedMinutes);
}
