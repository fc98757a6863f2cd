using System.CommandLine;
using System.IO.Pipelines;
using Microsoft.Extensions.DependencyInjection;
using Telemetry.Ocpp.Events;
using Telemetry.Ocpp.Frames;
using Telemetry.Ocpp.Tap;

namespace Telemetry.Cli.Commands;

/// <summary>
/// <c>telemetry parse</c>: reads a tap capture (or stdin with <c>-</c>) and writes the normalised
/// events as JSON Lines to stdout; rejected records go to stderr as dead-letter objects.
/// </summary>
internal static class ParseCommand
{
    public static Command Create()
    {
        var capture = new Argument<string>("capture") { Description = "Tap capture (JSON Lines), or - for standard input." };
        var command = new Command("parse", "Parse a tap capture into normalised events (JSON Lines on stdout).") { capture };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(
            SharedOptions.Settings(),
            async (services, ct) =>
            {
                var path = parse.GetValue(capture)!;
                var input = path == "-" ? Console.OpenStandardInput() : File.OpenRead(path);
                await using (input.ConfigureAwait(false))
                {
                    var stdout = Console.OpenStandardOutput();
                    await using (stdout.ConfigureAwait(false))
                    {
                        var chargers = new ChargerRegistry();
                        var texts = new TextCodeRegistry();
                        using var output = new ParsedEventWriter(stdout, Console.OpenStandardError(), chargers, texts, path);
                        var parser = new TapRecordParser(chargers, new PendingCalls(100_000, TimeSpan.FromMinutes(5)), texts);
                        var reader = new TapReader(parser, services.GetRequiredService<TapReaderOptions>());
                        var result = await reader.ReadAsync(PipeReader.Create(input), new ParsedEventHandler(output), ct).ConfigureAwait(false);
                        await Console.Error.WriteLineAsync($"telemetry parse: {result.Records:N0} records, {output.Events:N0} events, {result.Rejected:N0} rejected").ConfigureAwait(false);
                    }
                }

                return ExitCodes.Ok;
            },
            cancellationToken));
        return command;
    }
}
