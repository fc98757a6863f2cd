namespace Telemetry.Simulator.Faults;

/// <summary>One injected fault: the ground truth detectors are judged against.</summary>
/// <param name="Port">The faulted port, or null when the whole charger is affected.</param>
/// <param name="Disconnects">For comms flapping, how many times the connection dropped; null otherwise.</param>
/// <param name="Boots">For a reset loop, how many times the charger rebooted; null otherwise.</param>
public sealed record InjectedFault(
    string Id,
    FaultKind Kind,
    string ChargePoint,
    string Site,
    int? Port,
    DateTimeOffset Start,
    DateTimeOffset End,
    int? Disconnects = null,
    int? Boots = null)
{
    public int Minutes => (int)(End - Start).TotalMinutes;
}
