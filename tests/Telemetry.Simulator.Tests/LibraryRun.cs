using Telemetry.Simulator.Faults;

namespace Telemetry.Simulator.Tests;

/// <summary>
/// The default library (every kind) on a 40-charger, 3-site, 7-day fleet, generated and parsed
/// once for all tests of a class: the run the library is sized for.
/// </summary>
public sealed class LibraryRun
{
    public LibraryRun()
    {
        Options = SimulationOptions.ForFaults(FaultLibrary.All, 40, 3, 7, 1);
        Simulation = SimulationRun.Generate(Options);
        Parsed = ParsedCapture.Parse(Simulation);
        Lines = [.. Simulation.Records()];
    }

    public SimulationOptions Options { get; }

    internal SimulationRun Simulation { get; }

    internal ParsedCapture Parsed { get; }

    internal IReadOnlyList<CaptureLine> Lines { get; }

    public IReadOnlyList<InjectedFault> Faults(FaultKind kind) => [.. Simulation.Truth.Faults.Where(f => f.Kind == kind)];

    public long Ms(DateTimeOffset time) => time.ToUnixTimeMilliseconds();
}
