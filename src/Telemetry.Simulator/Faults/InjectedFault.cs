namespace Telemetry.Simulator.Faults;

/// <summary>One injected fault: the ground truth detectors are judged against.</summary>
/// <param name="ChargePoint">The charger, or for a site or fleet fault the first of <see cref="Chargers"/>.</param>
/// <param name="Port">The faulted port, or null when the whole charger (or more) is affected.</param>
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

    /// <summary>The scoring class; the kind's name unless the library groups kinds.</summary>
    public string Class { get; init; } = FaultLibrary.Class(Kind);

    public FaultScope Scope { get; init; } = FaultLibrary.Scope(Kind);

    /// <summary>Signal types (DESIGN §2.3) the detectors are expected to raise for this fault.</summary>
    public IReadOnlyList<string> ExpectedSignals { get; init; } = [];

    /// <summary>
    /// Signal types the fault may legitimately cause besides <see cref="ExpectedSignals"/> (a
    /// rebooting charger is offline, its ports down): not needed for recall, never false positives.
    /// </summary>
    public IReadOnlyList<string> AllowedSignals { get; init; } = [];

    /// <summary>The chargers a fault concerns: the one charger, or every member of a site or fleet fault.</summary>
    public IReadOnlyList<string> Chargers { get; init; } = [];

    /// <summary>Minutes each port (key <c>cp/port</c>) is expected down within the fault; empty when no outage is expected.</summary>
    public IReadOnlyDictionary<string, double> PortsOutageMinutes { get; init; } = new Dictionary<string, double>();

    /// <summary>The fault code the charger reports (1.6 errorCode, 2.0.1 device-model variable), when truth knows it.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>The incident an operator should get for the fault; null when it should give none.</summary>
    public ExpectedIncident? ExpectedIncident { get; init; } = FaultLibrary.ExpectedIncident(Kind, null);

    /// <summary>The chargers the fault concerns: <see cref="Chargers"/>, or <see cref="ChargePoint"/> when that is empty.</summary>
    public IReadOnlyList<string> MemberChargers => Chargers.Count > 0 ? Chargers : [ChargePoint];

    public bool Equals(InjectedFault? other) =>
        other is not null
        && Id == other.Id && Kind == other.Kind && ChargePoint == other.ChargePoint && Site == other.Site && Port == other.Port
        && Start == other.Start && End == other.End && Disconnects == other.Disconnects && Boots == other.Boots
        && Class == other.Class && Scope == other.Scope
        && ExpectedSignals.SequenceEqual(other.ExpectedSignals)
        && AllowedSignals.SequenceEqual(other.AllowedSignals)
        && Chargers.SequenceEqual(other.Chargers)
        && ErrorCode == other.ErrorCode && Equals(ExpectedIncident, other.ExpectedIncident)
        && PortsOutageMinutes.Count == other.PortsOutageMinutes.Count
        && PortsOutageMinutes.All(p => other.PortsOutageMinutes.TryGetValue(p.Key, out var minutes) && minutes == p.Value);

    public override int GetHashCode() => HashCode.Combine(Id, Kind, ChargePoint, Start, End);

    /// <summary>The key of a port in <see cref="PortsOutageMinutes"/>.</summary>
    public static string PortKey(string chargePoint, int port) =>
        chargePoint + "/" + port.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
