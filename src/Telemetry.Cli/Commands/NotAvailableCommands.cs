using System.CommandLine;

namespace Telemetry.Cli.Commands;

/// <summary>
/// Commands of DESIGN §2.5 whose stage is not built yet: they parse their documented options
/// and answer plainly, with exit code 2, instead of pretending to work.
/// </summary>
internal static class NotAvailableCommands
{
    public static IEnumerable<Command> Create()
    {
        yield return Command("correlate", "Site correlator and escalation.", SharedOptions.Kafka());
    }

    public static Command Command(string name, string description, params Option[] options)
    {
        var command = new Command(name, description + " (not available yet)");
        foreach (var option in options)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (_, _) =>
        {
            await Console.Error.WriteLineAsync($"telemetry {name}: not available yet in this version; see README.md for what runs today.").ConfigureAwait(false);
            return ExitCodes.BadUsage;
        });
        return command;
    }
}
