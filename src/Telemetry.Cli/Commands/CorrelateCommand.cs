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

namespace Telemetry.Cli.Commands;

/// <summary>
/// <c>telemetry correlate --kafka B [--inventory F]</c>: a site correlator of the consumer group
/// on <c>telemetry.decisions</c>, publishing incidents to <c>uptime.incidents</c> and command
/// requests to <c>uptime.commands</c>. Runs until SIGTERM or Ctrl+C, then commits what it
/// delivered and exits 0.
/// </summary>
internal static partial class CorrelateCommand
{
    private static readonly TimeSpan s_metadataTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_flushTimeout = TimeSpan.FromSeconds(30);

    public static Command Create()
    {
        var kafka = SharedOptions.Kafka();
        var metricsPort = SharedOptions.MetricsPort();
        var inventory = new Option<string?>("--inventory")
        {
            Description = "Inventory CSV (as for replay): sites, models and firmware the correlator groups by.",
        };
        var command = new Command("correlate", "Site correlator and escalation: telemetry.decisions → uptime.incidents, uptime.commands.")
        {
            kafka, inventory, metricsPort,
        };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(
            SharedOptions.Settings(
                ("Metrics:Port", parse.GetValue(metricsPort)),
                ("Kafka:BootstrapServers", parse.GetValue(kafka))),
            (services, token) => RunAsync(services, parse.GetValue(inventory), token),
            cancellationToken));
        return command;
    }

    private static Task<int> RunAsync(IServiceProvider services, string? inventoryPath, CancellationToken cancellationToken)
    {
        var kafka = services.GetRequiredService<KafkaOptions>();
        if (string.IsNullOrWhiteSpace(kafka.BootstrapServers))
        {
            throw new ArgumentException("telemetry correlate needs --kafka (or Kafka:BootstrapServers): it is a member of a consumer group.");
        }

        var correlate = new CorrelateOptions();
        services.GetRequiredService<IConfiguration>().GetSection(CorrelateOptions.SectionName).Bind(correlate);
        correlate.Validate();
        var inventory = inventoryPath is null ? FleetInventory.Empty : InventoryCsvReader.Read(inventoryPath);
        var health = services.GetRequiredService<HealthState>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(CorrelateCommand));
        using var publisher = new KafkaPublisher(kafka.BootstrapServers, kafka, "telemetry-correlate");
        publisher.PartitionsOf(kafka.DecisionsTopic, s_metadataTimeout);
        publisher.PartitionsOf(kafka.IncidentsTopic, s_metadataTimeout);
        publisher.PartitionsOf(kafka.CommandsTopic, s_metadataTimeout);
        using (var worker = new CorrelateWorker(
            kafka.BootstrapServers,
            kafka,
            services.GetRequiredService<EscalationPolicyOptions>(),
            services.GetRequiredService<DetectorOptions>(),
            inventory,
            publisher,
            logger,
            correlate))
        {
            LogJoining(logger, kafka.CorrelateGroupId, kafka.DecisionsTopic, kafka.Partitions);
            worker.Run(w => health.Ready = w.Assigned.Count > 0, cancellationToken);
            health.Ready = false;
            var open = worker.OpenIncidents().Count;
            LogStopped(logger, worker.Consumed, worker.Incidents, worker.Commands, open);
        }

        publisher.Flush(s_flushTimeout);
        return Task.FromResult(ExitCodes.Ok);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Joining group {Group} on {Topic}, releasing inputs once all {Sources} events partitions pass their time")]
    private static partial void LogJoining(ILogger logger, string group, string topic, int sources);

    [LoggerMessage(Level = LogLevel.Information, Message = "Correlation stopped after {Records} records: {Incidents} incident and {Commands} command records published, {Open} incidents open")]
    private static partial void LogStopped(ILogger logger, long records, long incidents, long commands, int open);
}
