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
    IReadOnlyList<InjectedFault> Faults);
