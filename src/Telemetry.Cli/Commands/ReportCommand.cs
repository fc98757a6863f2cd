using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Telemetry.Cli.Hosting;
using Telemetry.Timescale;
using Telemetry.Timescale.Reports;

namespace Telemetry.Cli.Commands;

/// <summary>
/// <c>telemetry report uptime|outages|sessions|availability --from T --to T [--format table|csv|json]</c>:
/// reports from the database for regulators (NEVI, 23 CFR 680.112/680.116; California's
/// 15-minute reliability data).
/// </summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var report = new Command("report", "Reports from the database: uptime, outages, sessions, availability.");
        report.Subcommands.Add(Sub("uptime", "NEVI uptime per port per month and over the trailing twelve months (23 CFR 680.116(b)).", null,
            static async (services, dataSource, from, to, _, ct) =>
            {
                var caps = Caps(services);
                return UptimeReport.ToTable(await UptimeReport.QueryAsync(dataSource, from, to, caps, ct).ConfigureAwait(false));
            }));
        report.Subcommands.Add(Sub("outages", "Each outage overlapping the period, with duration and cause.", null,
            static (_, dataSource, from, to, _, ct) => OutageReport.QueryAsync(dataSource, from, to, ct)));
        report.Subcommands.Add(Sub("sessions", "Charging sessions started in the period (23 CFR 680.112 fields).", null,
            static (_, dataSource, from, to, _, ct) => SessionReport.QueryAsync(dataSource, from, to, ct)));
        var interval = new Option<string>("--interval") { Description = "Interval length: 15m (default), 1h, or minutes.", DefaultValueFactory = _ => "15m" };
        report.Subcommands.Add(Sub("availability", "Availability per port per interval (California's reliability data).", interval,
            static (_, dataSource, from, to, intervalText, ct) => AvailabilityReport.QueryAsync(dataSource, from, to, ParseInterval(intervalText), ct)));
        return report;
    }

    /// <exception cref="ArgumentException">Not a whole number of minutes or hours.</exception>
    internal static TimeSpan ParseInterval(string? text)
    {
        text = (text ?? "15m").Trim();
        var unit = TimeSpan.FromMinutes(1);
        if (text.EndsWith('h'))
        {
            unit = TimeSpan.FromHours(1);
            text = text[..^1];
        }
        else if (text.EndsWith('m'))
        {
            text = text[..^1];
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count < 1)
        {
            throw new ArgumentException($"--interval: '{text}' is not a whole number of minutes (15m) or hours (1h).");
        }

        return unit * count;
    }

    /// <summary>A --from/--to value: RFC 3339 or a date, UTC unless an offset is given.</summary>
    /// <exception cref="ArgumentException">Missing or not a date-time.</exception>
    internal static DateTimeOffset ParseTime(string option, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ArgumentException($"{option} is required (e.g. 2026-01-01 or 2026-01-01T00:00:00Z).");
        }

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
        {
            throw new ArgumentException($"{option}: '{text}' is not a date-time (e.g. 2026-01-01 or 2026-01-01T00:00:00Z).");
        }

        return value;
    }

    /// <summary>Null when the option was not given.</summary>
    internal static DateTimeOffset? ParseOptionalTime(string option, string? text) => text is null ? null : ParseTime(option, text);
    /// <summary>The configured database of commands that read or edit it.</summary>
    /// <exception cref="ArgumentException">No connection string is configured.</exception>
    internal static NpgsqlDataSource OpenDatabase(IServiceProvider services) =>
        TimescaleDataSource.Create(new TimescaleOptions
        {
            ConnectionString = TimescaleSettings.ConnectionString(services)
                ?? throw new ArgumentException("no database given: pass --timescale or set TELEMETRY_Timescale__ConnectionString."),
        });

    private static ExclusionCaps Caps(IServiceProvider services)
    {
        var caps = new ExclusionCaps();
        try
        {
            services.GetRequiredService<IConfiguration>().GetSection(ExclusionCaps.SectionName).Bind(caps, o => o.ErrorOnUnknownConfiguration = true);
            caps.Validate();
        }
        catch (InvalidOperationException e)
        {
            throw new ArgumentException($"configuration section '{ExclusionCaps.SectionName}': {e.Message}", e);
        }

        return caps;
    }

    private static Command Sub(
        string name,
        string description,
        Option<string>? extra,
        Func<IServiceProvider, NpgsqlDataSource, DateTimeOffset, DateTimeOffset, string?, CancellationToken, Task<ReportTable>> query)
    {
        var from = new Option<string>("--from") { Description = "Start of the period (inclusive), e.g. 2026-01-01; UTC unless an offset is given." };
        var to = new Option<string>("--to") { Description = "End of the period (exclusive)." };
        var format = new Option<string>("--format") { Description = "table (default), csv or json." };
        var timescale = SharedOptions.Timescale();
        var command = new Command(name, description) { from, to, format, timescale };
        if (extra is not null)
        {
            command.Options.Add(extra);
        }

        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(
            SharedOptions.Settings(("Timescale:ConnectionString", parse.GetValue(timescale))),
            async (services, ct) =>
            {
                var outputFormat = ReportWriter.ParseFormat(parse.GetValue(format));
                var start = ParseTime("--from", parse.GetValue(from));
                var end = ParseTime("--to", parse.GetValue(to));
                var dataSource = OpenDatabase(services);
                await using (dataSource.ConfigureAwait(false))
                {
                    var table = await query(services, dataSource, start, end, extra is null ? null : parse.GetValue(extra), ct).ConfigureAwait(false);
                    ReportWriter.Write(Console.Out, table, outputFormat);
                }

                return ExitCodes.Ok;
            },
            cancellationToken));
        return command;
    }
}
