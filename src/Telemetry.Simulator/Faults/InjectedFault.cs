namespace Telemetry.Simulator.Faults;

/// <summary>One injected fault: the ground truth detectors are judged against.</summary>
/// <param name="Port">The faulted port, or null when the whole charger is affected.</param>
public sealed record InjectedFault(
    string Id,
    FaultKind Kind,
    string ChargePoint,
    string Site,
    int? Port,
    DateTimeOffset Start,
    DateTimeOffset End)
{
    public int Minutes => (int)(End - Start).TotalMinutes;
}
