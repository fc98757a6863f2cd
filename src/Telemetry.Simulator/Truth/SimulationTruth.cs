using Telemetry.Simulator.Faults;

namespace Telemetry.Simulator.Truth;

/// <summary>What a simulation injected: the content of truth.json.</summary>
public sealed record SimulationTruth(
    int Seed,
    DateTimeOffset Start,
    DateTimeOffset End,
    int HeartbeatIntervalSeconds,
    int Chargers,
    int Sites,
    IReadOnlyList<InjectedFault> Faults)
{
    /// <summary>Resets the CSMS sent on purpose, in time order; kept apart from <see cref="Faults"/>.</summary>
    public IReadOnlyList<PlannedReset> PlannedResets { get; init; } = [];

    /// <summary>Windows whose outage minutes are excluded (scheduled maintenance), in time order.</summary>
    public IReadOnlyList<Exclusion> Exclusions { get; init; } = [];
}
