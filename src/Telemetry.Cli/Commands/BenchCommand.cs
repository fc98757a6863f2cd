using System.CommandLine;
using System.Globalization;
using Telemetry.Bench.Parse;
using Telemetry.Bench.Workloads;
using Telemetry.Simulator;

namespace Telemetry.Cli.Commands;

/// <summary>
/// <c>telemetry bench</c>: quick in-process figures, each a ratio against a baseline measured in
/// the same run on the same input (DESIGN §5). The careful figures come from bench/.
/// </summary>
internal static class BenchCommand
{
    // One simulated day of 200 chargers: about 140k records, 18 MB, the mix of a real tap.
    private static readonly SimulationOptions s_workload = new() { Chargers = 200, Days = 1, Seed = 1 };

    public static Command Create()
    {
        var bench = new Command("bench", "In-process throughput figures against baselines measured in the same run.");
        bench.Subcommands.Add(Parse());
        bench.Subcommands.Add(NotAvailableCommands.Command("detect", "Benchmark the detectors.", Seconds()));
        bench.Subcommands.Add(NotAvailableCommands.Command("e2e", "Benchmark the pipeline end to end.", Seconds()));
        return bench;
    }

    private static Command Parse()
    {
        var seconds = Seconds();
        var command = new Command("parse", "Tap records/s of the engine's parser against the usual CSMS path and Utf8JsonReader tokenising.") { seconds };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(
            SharedOptions.Settings(),
            (_, ct) =>
            {
                var records = CaptureRecords.Simulate(s_workload);
                var duration = TimeSpan.FromSeconds(parse.GetValue(seconds));
                Console.Error.WriteLine(Invariant($"Simulated {records.Count:N0} tap records ({records.Buffer.Length / 1e6:F1} MB); measuring for {duration.TotalSeconds:F0} s …"));
                var figures = ParseRace.Run(records, duration, ct);
                Print(Console.Out, figures);
                return Task.FromResult(ExitCodes.Ok);
            },
            cancellationToken));
        return command;
    }

    private static void Print(TextWriter output, IReadOnlyList<ParseFigure> figures)
    {
        output.WriteLine(Invariant($"{"parser",-38} {"records/s",12} {"MB/s",8} {"B/record",9}"));
        foreach (var figure in figures)
        {
            output.WriteLine(Invariant($"{figure.Name,-38} {figure.RecordsPerSecond,12:N0} {figure.MegabytesPerSecond,8:F1} {figure.AllocatedBytesPerRecord,9:F1}"));
        }

        var engine = figures.Single(f => f.Name == ParseRace.Engine);
        var csms = figures.Single(f => f.Name == ParseRace.Csms);
        var tokenise = figures.Single(f => f.Name == ParseRace.Tokenise);
        output.WriteLine(Invariant($"engine / CSMS path:     {engine.RecordsPerSecond / csms.RecordsPerSecond:F2}x   (target >= 8)"));
        output.WriteLine(Invariant($"engine / tokenise only: {engine.RecordsPerSecond / tokenise.RecordsPerSecond:F2}x   (target >= 1)"));
    }

    private static Option<int> Seconds() => SharedOptions.Positive("--seconds", "How long to measure.", 10);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
