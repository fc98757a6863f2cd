using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Telemetry.Cli.Correlation;
using Telemetry.Cli.Hosting;
using Telemetry.Decide.Policy;
using Telemetry.Engine;
using Telemetry.Engine.Inventory;
using Telemetry.Files.Inventory;
using Telemetry.Kafka;
using Telemetry.Kafka.Publishing;
using Telemetry.Timescale;
using Telemetry.Timescale.Migrations;
using Telemetry.Timescale.Sink;

namespace Telemetry.Cli.Commands;

/// <summary>
/// <c>telemetry correlate --kafka B [--timescale C] [--inventory F]</c>: a site correlator of the
/// consumer group on <c>telemetry.decisions</c>, publishing incidents to <c>uptime.incidents</c>
/// and command requests to <c>uptime.commands</c>; with a database (migrated at start, as
/// <c>process</c> does) it also writes them to <c>incidents</c>, <c>incident_events</c> and
/// <c>commands</c> before committing the offsets they follow from. <c>/readyz</c> answers 200 once it owns partitions and
/// is within <c>Correlate:ReadyMaxLag</c> of their ends. Runs until SIGTERM or Ctrl+C, then waits
/// for Kafka to acknowledge its outputs (<c>Correlate:ShutdownTimeout</c>), commits what was
/// delivered and exits 0 — or 1 when something was still unacknowledged.
/// </summary>
internal static partial class CorrelateCommand
{
    private static readonly TimeSpan s_metadataTimeout = TimeSpan.FromSeconds(30);

    public static Command Create()
    {
        var kafka = SharedOptions.Kafka();
        var timescale = SharedOptions.Timescale();
        var metricsPort = SharedOptions.MetricsPort();
        var inventory = new Option<string?>("--inventory")
        {
            Description = "Inventory CSV (as for replay): sites, models and firmware the correlator groups by.",
        };
        var command = new Command("correlate", "Site correlator and escalation: telemetry.decisions → uptime.incidents, uptime.commands.")
        {
            kafka, timescale, inventory, metricsPort,
        };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(
            SharedOptions.Settings(
                ("Metrics:Port", parse.GetValue(metricsPort)),
                ("Kafka:BootstrapServers", parse.GetValue(kafka)),
                ("Timescale:ConnectionString", parse.GetValue(timescale))),
            (services, token) => RunAsync(services, parse.GetValue(inventory), token),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(IServiceProvider services, string? inventoryPath, CancellationToken cancellationToken)
    {
        var connection = TimescaleSettings.ConnectionString(services);
        if (connection is null)
        {
            return await OnOwnThread(services, inventoryPath, null, cancellationToken).ConfigureAwait(false);
        }

        var sink = services.GetRequiredService<SinkOptions>();
        var dataSource = TimescaleDataSource.Create(new TimescaleOptions { ConnectionString = connection });
        await using (dataSource.ConfigureAwait(false))
        {
            var migrated = await new MigrationRunner(dataSource).RunAsync(cancellationToken).ConfigureAwait(false);
            var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(CorrelateCommand));
            LogDatabase(logger, migrated.SchemaVersion);
            return await OnOwnThread(services, inventoryPath, new CorrelateDatabase(dataSource, sink), cancellationToken).ConfigureAwait(false);
        }
    }

    // The worker blocks its thread until stopped: off the invocation's thread, so that the
    // command line's SIGTERM handling has the command's task to wait for.
    private static Task<int> OnOwnThread(IServiceProvider services, string? inventoryPath, CorrelateDatabase? database, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(
            () => Run(services, inventoryPath, database, cancellationToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private static int Run(IServiceProvider services, string? inventoryPath, CorrelateDatabase? database, CancellationToken cancellationToken)
    {
        var kafka = services.GetRequiredService<KafkaOptions>();
        if (string.IsNullOrWhiteSpace(kafka.BootstrapServers))
        {
            throw new ArgumentException("telemetry correlate needs --kafka (or Kafka:BootstrapServers): it is a member of a consumer group.");
        }

        var correlate = services.GetRequiredService<CorrelateOptions>();
        var inventory = inventoryPath is null ? FleetInventory.Empty : InventoryCsvReader.Read(inventoryPath);
        var health = services.GetRequiredService<HealthState>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(CorrelateCommand));
        using var publisher = new KafkaPublisher(kafka.BootstrapServers, kafka, "telemetry-correlate");
        publisher.PartitionsOf(kafka.DecisionsTopic, s_metadataTimeout);
        publisher.PartitionsOf(kafka.IncidentsTopic, s_metadataTimeout);
        publisher.PartitionsOf(kafka.CommandsTopic, s_metadataTimeout);
        bool delivered;
        try
        {
            using var worker = new CorrelateWorker(
                kafka.BootstrapServers,
                kafka,
                services.GetRequiredService<EscalationPolicyOptions>(),
                services.GetRequiredService<DetectorOptions>(),
                inventory,
                publisher,
                logger,
                correlate,
                database: database);
            LogJoining(logger, kafka.CorrelateGroupId, kafka.DecisionsTopic, kafka.Partitions);
            delivered = worker.Run(w => health.Ready = w.CaughtUp, cancellationToken);
            health.Ready = false;
            var open = worker.OpenIncidents().Count;
            LogStopped(logger, worker.Consumed, worker.Incidents, worker.Commands, open);
        }
        catch (SinkUnavailableException e)
        {
            health.Ready = false;
            LogDatabaseFailed(logger, e.Message);
            return ExitCodes.Failure;
        }

        // The worker waited for its outputs already; once they are delivered this returns at once.
        if (!delivered || !publisher.Flush(correlate.ShutdownTimeout))
        {
            if (publisher.InFlight > 0)
            {
                LogNotFlushed(logger, publisher.InFlight, correlate.ShutdownTimeout.TotalSeconds);
            }

            if (publisher.DeliveryErrors > 0)
            {
                LogNotDelivered(logger, publisher.DeliveryErrors);
            }

            return ExitCodes.Failure;
        }

        return publisher.DeliveryErrors == 0 ? ExitCodes.Ok : ExitCodes.Failure;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Joining group {Group} on {Topic}, releasing inputs once all {Sources} events partitions pass their time")]
    private static partial void LogJoining(ILogger logger, string group, string topic, int sources);

    [LoggerMessage(Level = LogLevel.Information, Message = "Writing incidents and commands to the database too (schema at version {Version})")]
    private static partial void LogDatabase(ILogger logger, int version);

    [LoggerMessage(Level = LogLevel.Error, Message = "Stopped: incidents and commands could not be written to the database ({Reason}); offsets after the last commit are not committed, a restart writes those rows again")]
    private static partial void LogDatabaseFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Correlation stopped after {Records} records: {Incidents} incident and {Commands} command records published, {Open} incidents open")]
    private static partial void LogStopped(ILogger logger, long records, long incidents, long commands, int open);

    [LoggerMessage(Level = LogLevel.Error, Message = "{InFlight} messages were still unacknowledged after {Seconds} s (Correlate:ShutdownTimeout); their offsets are not committed")]
    private static partial void LogNotFlushed(ILogger logger, long inFlight, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Errors} messages could not be delivered; their offsets are not committed")]
    private static partial void LogNotDelivered(ILogger logger, long errors);
}
