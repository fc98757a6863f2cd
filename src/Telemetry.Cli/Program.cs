using System.CommandLine;
using Telemetry.Cli.Commands;

var root = new RootCommand("Telemetry: OCPP traffic of an EV-charging network turned into uptime signals, rollups and reports.")
{
    DemoCommand.Create(),
    SimulateCommand.Create(),
    ScoreCommand.Create(),
    ParseCommand.Create(),
    ReplayCommand.Create(),
    IngestCommand.Create(),
    ProcessCommand.Create(),
    CorrelateCommand.Create(),
    MigrateCommand.Create(),
    BenchCommand.Create(),
    ReportCommand.Create(),
    ExclusionsCommand.Create(),
};
var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    foreach (var error in parsed.Errors)
    {
        await Console.Error.WriteLineAsync($"telemetry: {error.Message}").ConfigureAwait(false);
    }

    await Console.Error.WriteLineAsync("Run 'telemetry --help' for usage.").ConfigureAwait(false);
    return ExitCodes.BadUsage;
}

// SIGTERM and Ctrl+C cancel the running command, which then stops cleanly (flushing its producer
// within Gateway:, Processing: or Correlate:ShutdownTimeout); this bounds the wait for that.
var invocation = new InvocationConfiguration { ProcessTerminationTimeout = ShutdownBudget.FromEnvironment() };
return await parsed.InvokeAsync(invocation).ConfigureAwait(false);
