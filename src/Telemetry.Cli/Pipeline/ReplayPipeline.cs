using System.Diagnostics;
using System.Globalization;
using System.IO.Pipelines;
using Microsoft.Extensions.Logging;
using Telemetry.Cli.Commands;
using Telemetry.Decide.Correlation;
using Telemetry.Decide.Incidents;
using Telemetry.Decide.Policy;
using Telemetry.Engine;
using Telemetry.Engine.Signals;
using Telemetry.Engine.Inventory;
using Telemetry.Engine.Sessions;
using Telemetry.Engine.Uptime;
using Telemetry.Files.DeadLetters;
using Telemetry.Files.Events;
using Telemetry.Files.Incidents;
using Telemetry.Files.Inventory;
using Telemetry.Files.Sessions;
using Telemetry.Files.Signals;
using Telemetry.Files.Uptime;
using Telemetry.Kafka;
using Telemetry.Kafka.Embedded;
using Telemetry.Kafka.Events;
using Telemetry.Ocpp.Framing;
using Telemetry.Ocpp.Events;
using Telemetry.Ocpp.Tap;
using Telemetry.Ocpp.Text;
using Telemetry.Timescale;
using Telemetry.Timescale.Inventory;
using Telemetry.Timescale.Migrations;
using Telemetry.Timescale.Sink;

namespace Telemetry.Cli.Pipeline;

/// <summary>
/// Runs a capture through the whole pipeline in one process: PipeReader → OCPP parser →
/// <c>telemetry.events</c> on the embedded Kafka (keyed by charger) → consumer → one detector
/// per partition → files under the output directory and, when configured, the database.
/// Ingest and detection run concurrently, as they would as separate processes, ingest held to a
/// bounded distance ahead of detection (<see cref="DetectionBackPressure"/>) so that the embedded
/// Kafka's bounded partition logs never drop an event before it is read. A run in which events
/// detected differ from events ingested fails.
/// </summary>
internal sealed partial class ReplayPipeline(
    KafkaOptions kafkaOptions,
    DetectorOptions detectorOptions,
    EscalationPolicyOptions escalationPolicy,
    TapReaderOptions tapOptions,
    SinkOptions sinkOptions,
    ILogger<ReplayPipeline> logger)
{
    private static readonly TimeSpan s_flushTimeout = TimeSpan.FromSeconds(30);

    public async Task<ReplayResult> RunAsync(ReplayRequest request, Action<ReplayProgress>? progress, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(kafkaOptions.BootstrapServers))
        {
            throw new ArgumentException(
                "--kafka / Kafka:BootstrapServers: replay through an external cluster is not available yet; without it the embedded Kafka is used.");
        }

        var clock = Stopwatch.StartNew();
        var inventory = request.InventoryPath is null ? FleetInventory.Empty : InventoryCsvReader.Read(request.InventoryPath);
        var rollupDirectory = Path.Combine(request.OutDirectory, "rollups");
        Directory.CreateDirectory(rollupDirectory);

        using var kafka = new EmbeddedKafka();
        kafka.CreateTopic(kafkaOptions.EventsTopic, kafkaOptions.Partitions);
        LogKafka(kafka.BootstrapServers, kafkaOptions.EventsTopic, kafkaOptions.Partitions);

        using var consumer = new EventConsumer(kafka.BootstrapServers, kafkaOptions);
        var context = new DetectionContext(consumer.Chargers, consumer.TextCodes, inventory, detectorOptions);
        var workers = new PartitionWorker[kafkaOptions.Partitions];
        for (var p = 0; p < workers.Length; p++)
        {
            workers[p] = new PartitionWorker(p, context, rollupDirectory, request.TimescaleConnection is not null);
        }

        try
        {
            var processed = PipelineMetrics.Processed();
            using var producer = new EventProducer(kafka.BootstrapServers, kafkaOptions);
            using var deadLetters = new DeadLetterWriter(Path.Combine(request.OutDirectory, "deadletter.jsonl"));
            using var backPressure = new DetectionBackPressure(consumer, cancellationToken);
            var ingest = new IngestContext(producer, new ChargerRegistry(), deadLetters, request.CapturePath) { BackPressure = backPressure };
            var texts = new TextCodeRegistry();
            producer.TextCodes = texts;
            var reader = new CaptureInput(request.Format, ingest.Chargers, texts, tapOptions);
            var totalBytes = new FileInfo(request.CapturePath).Length;

            var ingestTask = Task.Run(() => IngestAsync(request.CapturePath, reader, ingest, consumer, cancellationToken), cancellationToken);
            var detectTask = Task.Factory.StartNew(
                () =>
                {
                    try
                    {
                        var receiver = new DetectReceiver(workers, processed, backPressure);
                        consumer.ConsumeUntilInputComplete(ref receiver, cancellationToken);
                    }
                    finally
                    {
                        backPressure.Close();
                    }
                },
                cancellationToken,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default);

            var both = Task.WhenAll(ingestTask, detectTask);
            while (!both.IsCompleted)
            {
                await Task.WhenAny(both, Task.Delay(TimeSpan.FromSeconds(1), cancellationToken)).ConfigureAwait(false);
                ingest.Ingested.Publish();
                ingest.Rejected.Publish();
                processed.Publish();
                progress?.Invoke(new ReplayProgress(reader.BytesRead, totalBytes, ingest.Ingested.Total, ingest.Rejected.Total, processed.Total, clock.Elapsed));
            }

            // Detection first: when it fails, ingest fails too (it may no longer wait for it), and detection's error is the cause.
            await detectTask.ConfigureAwait(false);
            var read = await ingestTask.ConfigureAwait(false);
            if (producer.DeliveryErrors > 0)
            {
                throw new InvalidOperationException($"{producer.DeliveryErrors} events could not be delivered to {kafkaOptions.EventsTopic}.");
            }

            if (processed.Total != ingest.Ingested.Total)
            {
                throw new InvalidOperationException(
                    $"{kafkaOptions.EventsTopic}: {ingest.Ingested.Total} events ingested but {processed.Total} detected ({consumer.DecodeErrors} records did not decode); the results would be wrong.");
            }

            LogBackPressure(backPressure.Waits, DetectionBackPressure.MaxAhead);
            var endMs = ingest.LastTimestampMs == long.MinValue ? 0 : ingest.LastTimestampMs;
            foreach (var worker in workers)
            {
                worker.Finish(endMs);
            }

            var fleetSignals = FleetAuthPass.Run(context, workers, endMs);

            var signals = workers.SelectMany(w => w.Signals).Concat(fleetSignals).ToList();
            var outages = workers.SelectMany(w => w.Outages).ToList();
            var uptime = new List<PortUptime>();
            foreach (var worker in workers)
            {
                uptime.AddRange(worker.Uptime.Report(worker.Chargers));
            }

            var late = WriteLateEvents(Path.Combine(request.OutDirectory, "late.jsonl"), workers, consumer);
            SignalFile.Write(Path.Combine(request.OutDirectory, "signals.jsonl"), signals, inventory);
            UptimeCsvWriter.Write(Path.Combine(request.OutDirectory, "uptime.csv"), uptime);
            OutageCsvWriter.Write(Path.Combine(request.OutDirectory, "outages.csv"), outages, endMs);
            // Each worker's sessions carry its own ids: named through the consumer's registry once renumbered.
            var sessions = workers.SelectMany(w => w.Sessions.Select(s => s with { Charger = w.ConsumerIdOf(s.Charger) }));
            SessionCsvWriter.Write(Path.Combine(request.OutDirectory, "sessions.csv"), sessions, consumer.Chargers, consumer.TextCodes);
            var decisions = Decide(request.OutDirectory, signals, workers, inventory, consumer.Chargers, endMs);
            var databaseRows = request.TimescaleConnection is null
                ? 0
                : await WriteDatabaseAsync(request.TimescaleConnection, request.CapturePath, workers, fleetSignals, decisions, consumer, inventory, cancellationToken).ConfigureAwait(false);

            var result = new ReplayResult(
                read.Records,
                ingest.Ingested.Total,
                read.Rejected,
                processed.Total,
                late,
                workers.Sum(w => w.Rollups),
                databaseRows,
                ingest.FirstTimestampMs,
                endMs,
                signals,
                outages,
                uptime,
                inventory,
                decisions,
                clock.Elapsed);
            LogReplayed(result.Records, result.Rejected, result.Processed, result.Rollups, result.Signals.Count, clock.Elapsed.TotalSeconds);
            return result;
        }
        finally
        {
            foreach (var worker in workers)
            {
                worker.Dispose();
            }
        }
    }

    private static async Task<CaptureReadResult> IngestAsync(
        string capturePath, CaptureInput reader, IngestContext ingest, EventConsumer consumer, CancellationToken cancellationToken)
    {
        var file = new FileStream(capturePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (file.ConfigureAwait(false))
        {
            var pipe = PipeReader.Create(file, new StreamPipeReaderOptions(bufferSize: 64 * 1024));
            try
            {
                var read = await reader.ReadAsync(pipe, new IngestHandler(ingest), cancellationToken).ConfigureAwait(false);
                await pipe.CompleteAsync().ConfigureAwait(false);
                ingest.Producer.FlushOrThrow(s_flushTimeout);

                return read;
            }
            finally
            {
                // Also when ingest failed: detection then drains what was produced and ends, rather than wait for more.
                consumer.CompleteInput();
            }
        }
    }

    /// <summary>
    /// Runs the site correlator over the replay's signals and the events it follows, on event
    /// time, and writes <c>incidents.jsonl</c> and <c>commands.jsonl</c>.
    /// </summary>
    private ReplayDecisions Decide(string outDirectory, List<Signal> signals, PartitionWorker[] workers, FleetInventory inventory, ChargerRegistry chargers, long endMs)
    {
        var log = new DecisionLog();
        var correlator = new SiteCorrelator(escalationPolicy, inventory, chargers, log);
        // The workers' ids are their own; the correlator names chargers through the consumer's registry.
        var events = workers.SelectMany(w => w.DecideEvents.Select(e => w.WithConsumerId(e))).ToList();
        DecisionReplay.Run(correlator, signals, events, chargers, endMs);
        IncidentJsonWriter.WriteFile(Path.Combine(outDirectory, "incidents.jsonl"), log.Incidents);
        CommandJsonWriter.WriteFile(Path.Combine(outDirectory, "commands.jsonl"), log.Commands);
        return new ReplayDecisions(log.Incidents, log.Commands, correlator.OpenIncidents(), correlator.OpenByOwner());
    }

    /// <summary>
    /// Writes the events that came after the watermark had passed them to <c>late.jsonl</c>, in the
    /// form of <c>telemetry parse</c>, partition by partition in arrival order; returns how many.
    /// </summary>
    private static long WriteLateEvents(string path, PartitionWorker[] workers, EventConsumer consumer)
    {
        using var file = File.Create(path);
        using var writer = new EventJsonLinesWriter(file, consumer.Chargers, consumer.TextCodes);
        long count = 0;
        foreach (var worker in workers)
        {
            foreach (var e in worker.LateEvents)
            {
                writer.Write(e);
                count++;
            }
        }

        return count;
    }

    /// <summary>
    /// Stores what the reports read, exactly once: per partition its rollups, outages, signals and
    /// sessions in batches of at most <see cref="SinkOptions.MaxBatchRows"/> rows, the last one
    /// carrying the partition's end offset (full batches carry none: writing them again is a
    /// no-op upsert); then the fleet signals, incidents and commands; then every inventory entry.
    /// The consumer group is named after
    /// the capture, so replaying the same capture again changes nothing, while another capture
    /// (whose embedded topic starts again at offset 0) is never mistaken for it.
    /// </summary>
    private async Task<long> WriteDatabaseAsync(
        string connectionString, string capturePath, PartitionWorker[] workers, IReadOnlyList<Signal> fleetSignals, ReplayDecisions decisions, EventConsumer consumer, FleetInventory inventory, CancellationToken cancellationToken)
    {
        var dataSource = TimescaleDataSource.Create(new TimescaleOptions { ConnectionString = connectionString });
        await using (dataSource.ConfigureAwait(false))
        {
            var migrated = await new MigrationRunner(dataSource).RunAsync(cancellationToken).ConfigureAwait(false);
            LogSchema(migrated.SchemaVersion, migrated.Applied.Count);
            var sink = new ExactlyOnceSink(dataSource, "telemetry-replay:" + Path.GetFullPath(capturePath), consumer.Chargers, sinkOptions);
            var endOffsets = consumer.QueryEndOffsets();
            var batching = new BatchingSink(sink, sinkOptions);
            await using (batching.ConfigureAwait(false))
            {
                foreach (var worker in workers)
                {
                    foreach (var rollup in worker.DatabaseBatch!)
                    {
                        batching.Batch.ConnectorRollups.Add(rollup);
                        await batching.CommitIfDueAsync(cancellationToken).ConfigureAwait(false);
                    }

                    worker.DatabaseBatch!.Clear();
                    foreach (var minute in worker.ChargerDatabaseBatch!)
                    {
                        batching.Batch.ChargerRollups.Add(minute);
                        await batching.CommitIfDueAsync(cancellationToken).ConfigureAwait(false);
                    }

                    worker.ChargerDatabaseBatch!.Clear();
                    batching.Batch.Outages.AddRange(worker.Outages);
                    batching.Batch.Signals.AddRange(worker.Signals.Select(s => SinkRows.Signal(s, inventory)));
                    batching.Batch.Sessions.AddRange(worker.Sessions.Select(s => SinkRows.Session(s, worker.Chargers, consumer.TextCodes)));
                    // The partition's rows are all in the batches up to here: its offset goes with the last of them.
                    if (worker.Partition < endOffsets.Length && endOffsets[worker.Partition] > 0)
                    {
                        batching.Batch.AdvanceOffset(kafkaOptions.EventsTopic, worker.Partition, endOffsets[worker.Partition]);
                    }

                    await batching.CommitIfDueAsync(cancellationToken).ConfigureAwait(false);
                }

                batching.Batch.Signals.AddRange(fleetSignals.Select(s => new SignalRow(s, null)));
                batching.Batch.Incidents.AddRange(decisions.Updates);
                batching.Batch.Commands.AddRange(decisions.Commands);
                await batching.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            var rows = batching.RowsChanged;
            rows += await InventoryWriter.UpsertAsync(dataSource, inventory.Chargers, cancellationToken).ConfigureAwait(false);
            return rows;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Embedded Kafka at {BootstrapServers}, topic {Topic} with {Partitions} partitions")]
    private partial void LogKafka(string bootstrapServers, string topic, int partitions);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Ingest waited {Waits} times for detection to come within {MaxAhead} records")]
    private partial void LogBackPressure(long waits, long maxAhead);

    [LoggerMessage(Level = LogLevel.Information, Message = "Database schema at version {Version} ({Applied} migrations applied now)")]
    private partial void LogSchema(int version, int applied);

    [LoggerMessage(Level = LogLevel.Information, Message = "Replayed {Records} records ({Rejected} rejected), {Processed} events detected, {Rollups} rollups, {Signals} signals in {Seconds:F1} s")]
    private partial void LogReplayed(long records, long rejected, long processed, long rollups, int signals, double seconds);
}
