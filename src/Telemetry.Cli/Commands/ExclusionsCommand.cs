using System.CommandLine;
using System.Globalization;
using Telemetry.Timescale.Exclusions;
using Telemetry.Timescale.Reports;

namespace Telemetry.Cli.Commands;

/// <summary>
/// <c>telemetry exclusions add|list|remove</c>: periods excluded from uptime under
/// 23 CFR 680.116(b)(2), kept in the <c>exclusions</c> table.
/// </summary>
internal static class ExclusionsCommand
{
    public static Command Create()
    {
        var command = new Command("exclusions", "Periods excluded from uptime (23 CFR 680.116(b)(2)).");
        command.Subcommands.Add(Add());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Remove());
        return command;
    }

    private static Command Add()
    {
        var port = new Option<string>("--port") { Description = "One port: CP/PORT." };
        var charger = new Option<string>("--charger") { Description = "Every port of a charger." };
        var site = new Option<string>("--site") { Description = "Every charger the inventory places at the site." };
        var from = new Option<string>("--from") { Description = "Start (inclusive)." };
        var to = new Option<string>("--to") { Description = "End (exclusive)." };
        var reason = new Option<string>("--reason") { Description = string.Join('|', ExclusionReasons.All) };
        var note = new Option<string>("--note") { Description = "Free text, e.g. a work order." };
        var timescale = SharedOptions.Timescale();
        var command = new Command("add", "Add an exclusion; prints its id.") { port, charger, site, from, to, reason, note, timescale };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(
            SharedOptions.Settings(("Timescale:ConnectionString", parse.GetValue(timescale))),
            async (services, ct) =>
            {
                var start = ReportCommand.ParseTime("--from", parse.GetValue(from));
                var end = ReportCommand.ParseTime("--to", parse.GetValue(to));
                var why = ExclusionReasons.Parse(parse.GetValue(reason));
                var text = parse.GetValue(note);
                var exclusion = Target(parse.GetValue(port), parse.GetValue(charger), parse.GetValue(site), start, end, why, text);
                var dataSource = ReportCommand.OpenDatabase(services);
                await using (dataSource.ConfigureAwait(false))
                {
                    var id = await new ExclusionStore(dataSource).AddAsync(exclusion, ct).ConfigureAwait(false);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"added exclusion {id}"));
                }

                return ExitCodes.Ok;
            },
            cancellationToken));
        return command;
    }

    private static Command List()
    {
        var from = new Option<string>("--from") { Description = "Only exclusions ending after this." };
        var to = new Option<string>("--to") { Description = "Only exclusions starting before this." };
        var format = new Option<string>("--format") { Description = "table (default), csv or json." };
        var timescale = SharedOptions.Timescale();
        var command = new Command("list", "List exclusions by start.") { from, to, format, timescale };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(
            SharedOptions.Settings(("Timescale:ConnectionString", parse.GetValue(timescale))),
            async (services, ct) =>
            {
                var outputFormat = ReportWriter.ParseFormat(parse.GetValue(format));
                var start = ReportCommand.ParseOptionalTime("--from", parse.GetValue(from));
                var end = ReportCommand.ParseOptionalTime("--to", parse.GetValue(to));
                var dataSource = ReportCommand.OpenDatabase(services);
                await using (dataSource.ConfigureAwait(false))
                {
                    var table = new ReportTable(new("id", ColumnKind.Number), new("scope"), new("target"), new("from"), new("to"), new("reason"), new("note"));
                    foreach (var exclusion in await new ExclusionStore(dataSource).ListAsync(start, end, ct).ConfigureAwait(false))
                    {
                        table.Add(
                            exclusion.Id.ToString(CultureInfo.InvariantCulture),
                            exclusion.Scope,
                            exclusion.Target,
                            exclusion.From.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                            exclusion.To.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                            exclusion.Reason,
                            exclusion.Note ?? string.Empty);
                    }

                    ReportWriter.Write(Console.Out, table, outputFormat);
                }

                return ExitCodes.Ok;
            },
            cancellationToken));
        return command;
    }

    private static Command Remove()
    {
        var id = new Argument<long>("id") { Description = "Id printed by add and list." };
        var timescale = SharedOptions.Timescale();
        var command = new Command("remove", "Remove an exclusion by id.") { id, timescale };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(
            SharedOptions.Settings(("Timescale:ConnectionString", parse.GetValue(timescale))),
            async (services, ct) =>
            {
                var which = parse.GetValue(id);
                var dataSource = ReportCommand.OpenDatabase(services);
                await using (dataSource.ConfigureAwait(false))
                {
                    if (!await new ExclusionStore(dataSource).RemoveAsync(which, ct).ConfigureAwait(false))
                    {
                        throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"no exclusion {which}."));
                    }

                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"removed exclusion {which}"));
                }

                return ExitCodes.Ok;
            },
            cancellationToken));
        return command;
    }

    /// <exception cref="ArgumentException">Not exactly one of the three targets, or a malformed CP/PORT.</exception>
    private static Exclusion Target(string? port, string? charger, string? site, DateTimeOffset from, DateTimeOffset to, string reason, string? note)
    {
        var given = (port is null ? 0 : 1) + (charger is null ? 0 : 1) + (site is null ? 0 : 1);
        if (given != 1)
        {
            throw new ArgumentException("give exactly one of --port CP/PORT, --charger CP or --site S.");
        }

        if (charger is not null)
        {
            return Exclusion.ForCharger(charger, from, to, reason, note);
        }

        if (site is not null)
        {
            return Exclusion.ForSite(site, from, to, reason, note);
        }

        var slash = port!.LastIndexOf('/');
        if (slash <= 0 || !short.TryParse(port.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            throw new ArgumentException($"--port: '{port}' is not CP/PORT (e.g. CP-000123/1).");
        }

        return Exclusion.ForPort(port[..slash], number, from, to, reason, note);
    }
}
