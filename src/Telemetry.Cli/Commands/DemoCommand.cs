using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Telemetry.Cli.Hosting;
using Telemetry.Cli.Pipeline;
using Telemetry.Simulator;
using Telemetry.Simulator.Truth;

namespace Telemetry.Cli.Commands;

/// <summary>
/// <c>telemetry demo</c>: the main job on embedded defaults — simulate a fleet with injected
/// faults, replay it through ingest → embedded Kafka → detectors → outputs, and summarise,
/// setting the injected faults beside what was detected.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var defaults = new SimulationOptions();
        var chargers = SharedOptions.Positive("--chargers", "Number of chargers.", defaults.Chargers);
        var sites = SharedOptions.Positive("--sites", "Number of sites.", defaults.Sites);
        var days = SharedOptions.Positive("--days", "Days of traffic.", defaults.Days);
        var seed = new Option<int>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => defaults.Seed };
        var output = SharedOptions.Out("Output directory (default: ./telemetry-demo).");
        var timescale = SharedOptions.Timescale();
        var metricsPort = SharedOptions.MetricsPort();
        var command = new Command("demo", "Simulate a fleet and run it through the whole pipeline on embedded defaults.")
        {
            chargers, sites, days, seed, output, timescale, metricsPort,
        };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(
            SharedOptions.Settings(("Timescale:ConnectionString", parse.GetValue(timescale)), ("Metrics:Port", parse.GetValue(metricsPort))),
            async (services, ct) =>
            {
                var outDirectory = parse.GetValue(output) ?? "telemetry-demo";
                var options = new SimulationOptions
                {
                    Chargers = parse.GetValue(chargers),
                    Sites = Math.Min(parse.GetValue(sites), parse.GetValue(chargers)),
                    Days = parse.GetValue(days),
                    Seed = parse.GetValue(seed),
                };
                Console.Error.WriteLine($"Simulating {options.Chargers} chargers on {options.Sites} sites for {options.Days} days (seed {options.Seed}) …");
                var simulation = FleetSimulator.WriteTo(options, outDirectory);
                Console.Error.WriteLine($"  {simulation.Records:N0} records, {simulation.Faults} injected faults → {simulation.CapturePath}");
                Console.Error.WriteLine("Replaying through ingest → telemetry.events (embedded Kafka) → detectors …");
                var request = new ReplayRequest(simulation.CapturePath, CaptureFormat.Tap, simulation.InventoryPath, outDirectory, TimescaleSettings.ConnectionString(services));
                var progress = new ProgressPrinter();
                var result = await services.GetRequiredService<ReplayPipeline>().RunAsync(request, progress.Report, ct).ConfigureAwait(false);
                progress.Done();
                FleetSummary.Print(Console.Out, result, outDirectory, TruthFile.Read(simulation.TruthPath));
                return ExitCodes.Ok;
            },
            cancellationToken));
        return command;
    }
}
