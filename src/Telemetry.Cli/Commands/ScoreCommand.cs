using System.CommandLine;
using Telemetry.Simulator.Scoring;
using Telemetry.Simulator.Truth;

namespace Telemetry.Cli.Commands;

/// <summary>
/// <c>telemetry score</c>: detector output (signals.jsonl, outages.csv) and, when present, the
/// correlator's incidents.jsonl judged against a simulation's truth.json. It reports and exits 0 whatever the scores; thresholds belong to tests.
/// </summary>
internal static class ScoreCommand
{
    public static Command Create()
    {
        var truth = new Option<string>("--truth") { Description = "truth.json written by 'telemetry simulate'.", Required = true };
        var output = SharedOptions.Out("Directory holding signals.jsonl, outages.csv and incidents.jsonl (the output of replay or demo).");
        output.Required = true;
        var format = new Option<string>("--format") { Description = "table or json.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var tolerance = new Option<double>("--tolerance-minutes")
        {
            Description = "How long after a fault ends a signal still counts for it.",
            DefaultValueFactory = _ => new ScoringOptions().Tolerance.TotalMinutes,
        };
        var command = new Command("score", "Score detected signals and outages against a simulation's injected faults.") { truth, output, format, tolerance };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(
            SharedOptions.Settings(),
            (_, _) =>
            {
                var directory = parse.GetValue(output)!;
                var minutes = parse.GetValue(tolerance);
                if (!(minutes >= 0))
                {
                    throw new ArgumentException("--tolerance-minutes must not be negative.");
                }

                var simulation = TruthFile.Read(parse.GetValue(truth)!);
                var scoring = new ScoringOptions { Tolerance = TimeSpan.FromMinutes(minutes) };
                var report = Scorer.Score(
                    simulation,
                    SignalLog.Read(Path.Combine(directory, "signals.jsonl")),
                    OutageLog.Read(Path.Combine(directory, "outages.csv")),
                    scoring);
                // Detector-only output has no incidents.jsonl: then only signals and outages are scored.
                var incidentsPath = Path.Combine(directory, "incidents.jsonl");
                if (File.Exists(incidentsPath))
                {
                    report = report with { Incidents = IncidentScorer.Score(simulation, IncidentLog.Read(incidentsPath), scoring) };
                }
                if (parse.GetValue(format) == "json")
                {
                    using var stdout = Console.OpenStandardOutput();
                    ScoreReportWriter.WriteJson(report, stdout);
                }
                else
                {
                    ScoreReportWriter.WriteTable(report, Console.Out);
                }

                return Task.FromResult(ExitCodes.Ok);
            },
            cancellationToken));
        return command;
    }
}
