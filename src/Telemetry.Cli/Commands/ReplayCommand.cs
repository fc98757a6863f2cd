using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Telemetry.Cli.Hosting;
using Telemetry.Cli.Pipeline;

namespace Telemetry.Cli.Commands;

/// <summary><c>telemetry replay</c>: runs a capture through the pipeline and writes the outputs of DESIGN §2.3.</summary>
internal static class ReplayCommand
{
    public static Command Create()
    {
        var capture = new Argument<string>("capture") { Description = "Capture: a tap stream (JSON Lines) or a CSMS log export (CSV)." };
        var format = SharedOptions.Format();
        var inventory = new Option<string?>("--inventory") { Description = "Inventory CSV: cp,site[,vendor,model,firmware,connectors,commissioned,decommissioned,rated_kw]." };
        var kafka = SharedOptions.Kafka();
        var timescale = SharedOptions.Timescale();
        var output = SharedOptions.Out("Output directory (default: ./telemetry-out).");
        var metricsPort = SharedOptions.MetricsPort();
        var command = new Command("replay", "Replay a capture through ingest, Kafka and the detectors.") { capture, format, inventory, kafka, timescale, output, metricsPort };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(
            SharedOptions.Settings(
                ("Timescale:ConnectionString", parse.GetValue(timescale)),
                ("Metrics:Port", parse.GetValue(metricsPort)),
                ("Kafka:BootstrapServers", parse.GetValue(kafka))),
            async (services, ct) =>
            {
                var path = parse.GetValue(capture)!;
                if (!File.Exists(path))
                {
                    throw new FileNotFoundException($"capture not found: {path}");
                }

                var outDirectory = parse.GetValue(output) ?? "telemetry-out";
                var request = new ReplayRequest(path, CaptureInput.FormatOf(path, parse.GetValue(format)), parse.GetValue(inventory), outDirectory, TimescaleSettings.ConnectionString(services));
                var progress = new ProgressPrinter();
                var result = await services.GetRequiredService<ReplayPipeline>().RunAsync(request, progress.Report, ct).ConfigureAwait(false);
                progress.Done();
                FleetSummary.Print(Console.Out, result, outDirectory, truth: null);
                return ExitCodes.Ok;
            },
            cancellationToken));
        return command;
    }
}
