using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Telemetry.Cli.Hosting;
using Telemetry.Cli.Processing;
using Telemetry.Engine;
using Telemetry.Engine.Inventory;
using Telemetry.Kafka;
using Telemetry.Timescale;
using Telemetry.Timescale.Migrations;
using Telemetry.Timescale.Sink;

namespace Telemetry.Cli.Commands;

/// <summary>
/// <c>telemetry process --kafka B --timescale C</c>: a detector worker of the consumer group.
/// Migrates the database, joins the group, and writes each owned partition's rollups, signals,
/// outages and sessions with its offset in one transaction. Runs until SIGTERM or Ctrl+C, then
/// commits what it processed and exits 0.
/// </summary>
internal static partial class ProcessCommand
{
    public static Command Create()
    {
        var kafka = new Option<string?>("--kafka") { Description = "Kafka bootstrap servers; also Kafka:BootstrapServers." };
        var timescale = SharedOptions.Timescale();
        var metricsPort = SharedOptions.MetricsPort();
        var command = new Command("process", "Detector worker of the consumer group: telemetry.events → rollups, signals, outages, sessions in the database.")
        {
            kafka, timescale, metricsPort,
        };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(
            SharedOptions.Settings(
                ("Metrics:Port", parse.GetValue(metricsPort)),
                ("Kafka:BootstrapServers", parse.GetValue(kafka)),
                ("Timescale:ConnectionString", parse.GetValue(timescale))),
            RunAsync,
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var kafka = services.GetRequiredService<KafkaOptions>();
        if (string.IsNullOrWhiteSpace(kafka.BootstrapServers))
        {
            throw new ArgumentException("telemetry process needs --kafka (or Kafka:BootstrapServers): it is a member of a consumer group.");
        }

        var connection = TimescaleSettings.ConnectionString(services)
            ?? throw new ArgumentException("telemetry process needs --timescale (or Timescale:ConnectionString): the database holds its results and offsets.");
        var sinkOptions = new SinkOptions();
        services.GetRequiredService<IConfiguration>().GetSection(SinkOptions.SectionName).Bind(sinkOptions);
        sinkOptions.Validate();
        var processing = new ProcessingOptions();
        services.GetRequiredService<IConfiguration>().GetSection(ProcessingOptions.SectionName).Bind(processing);
        processing.Validate();
        var health = services.GetRequiredService<HealthState>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ProcessCommand));

        var dataSource = TimescaleDataSource.Create(new TimescaleOptions { ConnectionString = connection });
        await using (dataSource.ConfigureAwait(false))
        {
            var migrated = await new MigrationRunner(dataSource).RunAsync(cancellationToken).ConfigureAwait(false);
            var worker = new ProcessWorker(
                kafka.BootstrapServers, kafka, dataSource, sinkOptions, services.GetRequiredService<DetectorOptions>(), FleetInventory.Empty, logger, processing);
            await using (worker.ConfigureAwait(false))
            {
                LogJoining(logger, kafka.GroupId, kafka.EventsTopic, migrated.SchemaVersion);
                await worker.RunAsync(w => health.Ready = w.CaughtUp, cancellationToken).ConfigureAwait(false);
                health.Ready = false;
                LogStopped(logger, worker.Consumed);
            }
        }

        return ExitCodes.Ok;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Joining group {Group} on {Topic} (database schema at version {Version})")]
    private static partial void LogJoining(ILogger logger, string group, string topic, int version);

    [LoggerMessage(Level = LogLevel.Information, Message = "Processing stopped after {Events} events; everything processed is committed")]
    private static partial void LogStopped(ILogger logger, long events);
}
