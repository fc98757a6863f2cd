using System.CommandLine;
using System.IO.Pipelines;
using Microsoft.Extensions.DependencyInjection;
using Telemetry.Cli.Pipeline;
using Telemetry.Files.DeadLetters;
using Telemetry.Files.Events;
using Telemetry.Ocpp.Events;
using Telemetry.Ocpp.Tap;

namespace Telemetry.Cli.Commands;

/// <summary>
/// <c>telemetry parse</c>: reads a tap capture (or stdin with <c>-</c>) and writes the normalised
/// events as JSON Lines to stdout; rejected records go to <c>--deadletter FILE</c> (default
/// stderr) as dead-letter objects, and a summary of the counts to stderr.
/// </summary>
internal static class ParseCommand
{
    public static Command Create()
    {
        var capture = new Argument<string>("capture") { Description = "Capture (tap JSON Lines or CSV log export), or - for standard input." };
        var format = SharedOptions.Format();
        var deadLetter = new Option<string?>("--deadletter") { Description = "File for rejected records (default: stderr)." };
        var command = new Command("parse", "Parse a tap capture into normalised events (JSON Lines on stdout).") { capture, format, deadLetter };
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
                        var deadLetterPath = parse.GetValue(deadLetter);
                        using var deadLetters = deadLetterPath is null
                            ? new DeadLetterWriter(Console.OpenStandardError(), ownsStream: false)
                            : new DeadLetterWriter(deadLetterPath);
                        using var output = new EventJsonLinesWriter(stdout, chargers, texts);
                        var reader = new CaptureInput(CaptureInput.FormatOf(path, parse.GetValue(format)), chargers, texts, services.GetRequiredService<TapReaderOptions>());
                        var result = await reader.ReadAsync(PipeReader.Create(input), new ParsedEventHandler(output, deadLetters, path), ct).ConfigureAwait(false);
                        await Console.Error.WriteLineAsync(
                            $"telemetry parse: {result.Records:N0} records, {output.Events:N0} events, {result.Rejected:N0} rejected, {reader.UnmatchedResults:N0} unmatched results, {result.Bytes:N0} bytes").ConfigureAwait(false);
                    }
                }

                return ExitCodes.Ok;
            },
            cancellationToken));
        return command;
    }
}
