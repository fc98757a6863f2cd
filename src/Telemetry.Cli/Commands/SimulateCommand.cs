using System.CommandLine;
using Telemetry.Simulator;
using Telemetry.Simulator.Faults;

namespace Telemetry.Cli.Commands;

/// <summary><c>telemetry simulate</c>: a seeded fleet's capture, inventory and injected-fault truth.</summary>
internal static class SimulateCommand
{
    public static Command Create()
    {
        var chargers = SharedOptions.Positive("--chargers", "Number of chargers.", new SimulationOptions().Chargers);
        var sites = SharedOptions.Positive("--sites", "Number of sites.", new SimulationOptions().Sites);
        var days = SharedOptions.Positive("--days", "Days of traffic.", new SimulationOptions().Days);
        var seed = new Option<int>("--seed") { Description = "Random seed; the same seed gives byte-identical files.", DefaultValueFactory = _ => 1 };
        var faults = new Option<string>("--faults")
        {
            Description = "Fault kinds to inject: default or all (the whole library), basic (offline, connector_faulted, comms_flapping, reset_loop), or kind names separated by commas.",
            DefaultValueFactory = _ => "default",
        };
        var output = SharedOptions.Out("Directory for capture.jsonl, inventory.csv and truth.json.");
        output.Required = true;
        var command = new Command("simulate", "Simulate a fleet's OCPP traffic with injected faults.") { chargers, sites, days, seed, faults, output };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(
            SharedOptions.Settings(),
            (_, _) =>
            {
                var options = SimulationOptions.ForFaults(
                    FaultLibrary.ParseSelection(parse.GetValue(faults)!),
                    parse.GetValue(chargers),
                    parse.GetValue(sites),
                    parse.GetValue(days),
                    parse.GetValue(seed));
                var summary = FleetSimulator.WriteTo(options, parse.GetValue(output)!);
                Console.WriteLine($"{summary.Records:N0} records, {summary.Faults} injected faults → {summary.CapturePath}, {summary.InventoryPath}, {summary.TruthPath}");
                return Task.FromResult(ExitCodes.Ok);
            },
            cancellationToken));
        return command;
    }
}
