using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Telemetry.Cli.Correlation;
using Telemetry.Cli.Hosting;
using Telemetry.Cli.Processing;
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
/// <c>telemetry process --kafka B --timescale C</c>: a detector worker of the consumer group.
/// Migrates the database, joins the group, and writes each owned partition's rollups, signals,
/// outages and sessions with its offset in one transaction, and publishes each partition's
/// signals to <c>uptime.signals</c> and the correlator's inputs to <c>telemetry.decisions</c>.
/// Runs until SIGTERM or Ctrl+C, then commits what it processed, waits for Kafka to acknowledge
/// what it published (<c>Processing:ShutdownTimeout</c>) and exits 0 — or 1 when something was
/// still unacknowledged. A message Kafka refuses for good stops it at once with exit code 1.
/// While Kafka is down its messages wait rather than time out, and the full producer queue holds
/// the worker back; a SIGTERM then stops it, with exit code 1, once that timeout has passed.
/// </summary>
internal static partial class ProcessCommand
{
    public static Command Create()
    {
        var kafka = new Option<string?>("--kafka") { Description = "Kafka bootstrap servers; also Kafka:BootstrapServers." };
        var timescale = SharedOptions.Timescale();
        var metricsPort = SharedOptions.MetricsPort();
        var inventory = new Option<string?>("--inventory")
        {
            Description = "Inventory CSV (as for replay): sites key the published signals, models the fleet comparisons.",
        };
        var command = new Command("process", "Detector worker of the consumer group: telemetry.events → rollups, signals, outages, sessions in the database; signals to uptime.signals.")
        {
            kafka, timescale, metricsPort, inventory,
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
        var kafka = services.GetRequiredService<KafkaOptions>();
        if (string.IsNullOrWhiteSpace(kafka.BootstrapServers))
        {
            throw new ArgumentException("telemetry process needs --kafka (or Kafka:BootstrapServers): it is a member of a consumer group.");
        }

        var connection = TimescaleSettings.ConnectionString(services)
            ?? throw new ArgumentException("telemetry process needs --timescale (or Timescale:ConnectionString): the database holds its results and offsets.");
        var sinkOptions = services.GetRequiredService<SinkOptions>();
        var processing = services.GetRequiredService<ProcessingOptions>();
        var health = services.GetRequiredService<HealthState>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ProcessCommand));

        var inventory = inventoryPath is null ? FleetInventory.Empty : InventoryCsvReader.Read(inventoryPath);
        var detectors = services.GetRequiredService<DetectorOptions>();
        using var publisher = new KafkaPublisher(kafka.BootstrapServers, kafka, "telemetry-process", DecisionPublisher.PublisherGuarantees);
        // Fails at start when a topic is missing, rather than as delivery errors later.
        publisher.PartitionsOf(kafka.SignalsTopic, TimeSpan.FromSeconds(30));
        var decisionPartitions = publisher.PartitionsOf(kafka.DecisionsTopic, TimeSpan.FromSeconds(30));
        using var decisions = new DecisionPublisher(
            publisher, kafka, detectors, new DecisionRouting(inventory, services.GetRequiredService<EscalationPolicyOptions>()), decisionPartitions);

        // Exported from the consuming thread once per Processing:TimerTick: its callback runs for every record read.
        var producerMetrics = new ProducerMetrics();
        var metricsEveryMs = (long)processing.TimerTick.TotalMilliseconds;
        var metricsDueMs = 0L;
        // A worker stopped with records Kafka did not take: the counts as they stand, for the last scrape.
        void StoppedUndelivered()
        {
            health.Ready = false;
            publisher.Poll();
            producerMetrics.Publish(publisher);
        }

        var dataSource = TimescaleDataSource.Create(new TimescaleOptions { ConnectionString = connection });
        await using (dataSource.ConfigureAwait(false))
        {
            var migrated = await new MigrationRunner(dataSource).RunAsync(cancellationToken).ConfigureAwait(false);
            var worker = new ProcessWorker(
                kafka.BootstrapServers, kafka, dataSource, sinkOptions, detectors, inventory, logger, decisions, processing);
            await using (worker.ConfigureAwait(false))
            {
                LogJoining(logger, kafka.GroupId, kafka.EventsTopic, migrated.SchemaVersion);
                // Records never time out (WaitWhileDown): with Kafka down, the detection thread
                // waits on the full queue for ever. After SIGTERM it has Processing:ShutdownTimeout
                // to get on (Kafka may only be slow, and a clean stop must stay clean); then it gives up.
                using var stopWaiting = new CancellationTokenSource();
                using var stopPublisherWaits = stopWaiting.Token.Register(static p => ((KafkaPublisher)p!).StopWaiting(), publisher);
                using var stopWaitingLater = cancellationToken.Register(() => stopWaiting.CancelAfter(processing.ShutdownTimeout));
                try
                {
                    await worker.RunAsync(
                        w =>
                        {
                            health.Ready = w.CaughtUp;
                            var nowMs = Environment.TickCount64;
                            if (nowMs >= metricsDueMs)
                            {
                                metricsDueMs = nowMs + metricsEveryMs;
                                producerMetrics.Publish(publisher);
                            }
                        },
                        cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (publisher.FatalError is not null || publisher.DeliveryErrors > 0)
                {
                    // The worker stopped on a refused record: the stored progress ends before it, so a restart publishes it again.
                    StoppedUndelivered();
                    LogNotDelivered(logger, publisher.DeliveryErrors, publisher.FatalError?.Reason ?? e.Message);
                    return ExitCodes.Failure;
                }
                catch (OperationCanceledException) when (stopWaiting.IsCancellationRequested)
                {
                    // The detection thread gave up on the full queue: nothing after the last
                    // acknowledged record is in the stored progress, so a restart publishes it again.
                    StoppedUndelivered();
                    LogGaveUp(logger, publisher.InFlight, processing.ShutdownTimeout.TotalSeconds);
                    return ExitCodes.Failure;
                }

                health.Ready = false;
                LogStopped(logger, worker.Consumed);
            }
        }

        // Publications not acknowledged by now are not in the committed progress: a restart publishes them again.
        var flushed = publisher.Flush(processing.ShutdownTimeout);
        producerMetrics.Publish(publisher);
        if (!flushed)
        {
            LogNotFlushed(logger, publisher.InFlight, processing.ShutdownTimeout.TotalSeconds);
            return ExitCodes.Failure;
        }

        return publisher.DeliveryErrors == 0 ? ExitCodes.Ok : ExitCodes.Failure;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Joining group {Group} on {Topic} (database schema at version {Version})")]
    private static partial void LogJoining(ILogger logger, string group, string topic, int version);

    [LoggerMessage(Level = LogLevel.Information, Message = "Processing stopped after {Events} events; everything processed is committed")]
    private static partial void LogStopped(ILogger logger, long events);

    [LoggerMessage(Level = LogLevel.Error, Message = "Stopped: Kafka refused {Errors} signal and decision messages for good ({Reason}); the stored progress ends before them, a restart publishes them again")]
    private static partial void LogNotDelivered(ILogger logger, long errors, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Stopped: the producer queue was still full {Seconds} s after shutdown was asked (Processing:ShutdownTimeout), Kafka not taking signal and decision messages; {InFlight} messages unacknowledged, the stored progress ends before them, a restart publishes them again")]
    private static partial void LogGaveUp(ILogger logger, long inFlight, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "{InFlight} messages were still unacknowledged after {Seconds} s (Processing:ShutdownTimeout)")]
    private static partial void LogNotFlushed(ILogger logger, long inFlight, double seconds);
}
