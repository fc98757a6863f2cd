using System.CommandLine;
using Telemetry.Cli.Hosting;
using Telemetry.Timescale;
using Telemetry.Timescale.Migrations;

namespace Telemetry.Cli.Commands;

/// <summary><c>telemetry migrate</c>: brings the database schema up to this version (schemas/timescale/).</summary>
internal static class MigrateCommand
{
    public static Command Create()
    {
        var timescale = SharedOptions.Timescale();
        var command = new Command("migrate", "Apply the database migrations in schemas/timescale/.") { timescale };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(
            SharedOptions.Settings(("Timescale:ConnectionString", parse.GetValue(timescale))),
            async (services, ct) =>
            {
                var connection = TimescaleSettings.ConnectionString(services)
                    ?? throw new ArgumentException("no database given: pass --timescale or set TELEMETRY_Timescale__ConnectionString.");
                var dataSource = TimescaleDataSource.Create(new TimescaleOptions { ConnectionString = connection });
                await using (dataSource.ConfigureAwait(false))
                {
                    var result = await new MigrationRunner(dataSource).RunAsync(ct).ConfigureAwait(false);
                    foreach (var applied in result.Applied)
                    {
                        Console.WriteLine($"applied {applied.Version:D3} {applied.Name}");
                    }

                    Console.WriteLine($"schema at version {result.SchemaVersion}");
                }

                return ExitCodes.Ok;
            },
            cancellationToken));
        return command;
    }
}
