using Telemetry.Engine.Tests.Support;
using Telemetry.Simulator;

namespace Telemetry.Engine.Tests.Rollups;

/// <summary>One simulated fleet and one plain run of it, shared by the truth tests of a class.</summary>
public sealed class SimulatedFleetFixture
{
    private readonly Lazy<Task<SimulatedFleet>> _fleet = new(() => SimulatedFleet.CreateAsync(Options));
    private readonly Lazy<Task<ActivityPipeline>> _run;

    public SimulatedFleetFixture()
    {
        _run = new(async () =>
        {
            var fleet = await _fleet.Value;
            return new ActivityPipeline(fleet.Chargers).Run(fleet.Events, fleet.Truth.End.ToUnixTimeMilliseconds());
        });
    }

    public static SimulationOptions Options { get; } = new() { Chargers = 30, Sites = 3, Days = 4, Seed = 7 };

    internal Task<SimulatedFleet> FleetAsync() => _fleet.Value;

    internal Task<ActivityPipeline> RunAsync() => _run.Value;
}
