using System.Globalization;
using System.Text;
using System.Text.Json;
using Telemetry.Cli.Correlation;
using Telemetry.Cli.Pipeline;
using Telemetry.Cli.Processing;
using Telemetry.Cli.Tests.Ingest;
using Telemetry.Cli.Tests.Processing;
using Telemetry.Decide.Policy;
using Telemetry.Engine;
using Telemetry.Engine.Inventory;
using Telemetry.Kafka;
using Telemetry.Kafka.Embedded;
using Telemetry.Kafka.Publishing;
using Telemetry.Ocpp.Events;
using Telemetry.Ocpp.Rejects;
using Telemetry.Ocpp.Tap;

namespace Telemetry.Cli.Tests.Correlation;

// A deadline firing live on the Kafka path: a charger falls silent, the process side's
// wall-clock ticks publish the watermarks they reach to telemetry.decisions, and the correlator
// (its own wall clock off, so only those watermarks move it) escalates the incident when its
// deadline passes, with no further event.
public sealed partial class CorrelateWorkerTests
{
    private const int IntervalSeconds = 60;
    private static readonly DateTimeOffset s_start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan s_step = TimeSpan.FromMinutes(1);
    
    [Fact]
    public async Task Run_MovesTheIncidentToTheNextOwner_WhenItsDeadlinePassesWithNoNewEvent()
    {
        using var kafka = new EmbeddedKafka();
        kafka.Cluster.SetGroupInitialRebalanceDelay(TimeSpan.Zero);
        var options = new KafkaOptions { Partitions = 1, CorrelateGroupId = "correlate-" + Guid.NewGuid().ToString("N") };
        options.ClientSettings["session.timeout.ms"] = "3000";
        options.ClientSettings["heartbeat.interval.ms"] = "200";
        foreach (var topic in new[] { options.SignalsTopic, options.DecisionsTopic, options.IncidentsTopic, options.CommandsTopic })
        {
            kafka.CreateTopic(topic, 1);
        }

        // Without remote recovery the only way to the next owner is the deadline.
        var policy = new EscalationPolicyOptions();
        policy.Causes["comms"].RemoteRecovery = false;
        var timeLimit = policy.Causes["comms"].TimeLimit;
        var detectors = new DetectorOptions();
        var time = new ManualTime(s_start);
        var chargers = new ChargerRegistry();
        var texts = new TextCodeRegistry();
        var events = await SilentChargerAsync(chargers, texts);

        using var publisher = new KafkaPublisher(kafka.BootstrapServers, options, "test-process");
        using var decisions = new DecisionPublisher(publisher, options, detectors, new DecisionRouting(FleetInventory.Empty, policy), decisionsPartitions: 1);
        using var worker = new PartitionWorker(0, new DetectionContext(chargers, texts, FleetInventory.Empty, detectors), rollupDirectory: null, bufferForDatabase: false);
        var clock = new LiveClock(time, new ProcessingOptions().LiveMaxDelay);
        decisions.OnAssigned(0, publishFrom: 0);
        for (var offset = 0; offset < events.Count; offset++)
        {
            time.Advance(TimeSpan.FromMilliseconds(10));
            worker.OnEvent(events[offset]);
            decisions.Publish(0, offset, events[offset], worker, texts);
            clock.OnEvent(events[offset].TimestampMs, time.GetTimestamp());
            Clear(worker);
        }

        await using var correlator = InProcessCorrelator.Start(kafka.BootstrapServers, options, FleetInventory.Empty, policy, new CorrelateOptions { WallClockTimers = false });

        // The process side's timers, tick by tick, until the correlator has opened the incident.
        var opened = await TickUntilAsync(kafka, options, correlator, worker, decisions, clock, time, texts, TimeSpan.FromHours(3), "opened");
        var deadline = DateTimeOffset.Parse(opened.GetProperty("data").GetProperty("deadline").GetString()!, CultureInfo.InvariantCulture);
        Assert.Equal("frontline", opened.GetProperty("data").GetProperty("owner").GetString());
        Assert.Equal(Time(opened) + timeLimit, deadline);
        Assert.DoesNotContain(Incidents(kafka, options), r => TypeOf(r) == "uptime.incident.escalated");

        // Then on until the deadline has passed; still no event.
        var escalated = await TickUntilAsync(kafka, options, correlator, worker, decisions, clock, time, texts, TimeSpan.FromHours(8), "escalated");
        Assert.Equal(opened.GetProperty("data").GetProperty("incident").GetString(), escalated.GetProperty("data").GetProperty("incident").GetString());
        Assert.Equal("techops", escalated.GetProperty("data").GetProperty("owner").GetString());
        Assert.Equal(deadline, Time(escalated));
    }

    /// <summary>Runs the process side's wall-clock tick each minute until an incident record of <paramref name="state"/> is on uptime.incidents.</summary>
    private static async Task<JsonElement> TickUntilAsync(
        EmbeddedKafka kafka,
        KafkaOptions options,
        InProcessCorrelator correlator,
        PartitionWorker worker,
        DecisionPublisher decisions,
        LiveClock clock,
        ManualTime time,
        TextCodeRegistry texts,
        TimeSpan limit,
        string state)
    {
        for (var elapsed = TimeSpan.Zero; elapsed < limit; elapsed += s_step)
        {
            time.Advance(s_step);
            var streamTime = clock.StreamTimeMs(caughtUp: true, time.GetTimestamp(), lastDisturbance: 0);
            worker.AdvanceTo(streamTime);
            decisions.PublishTick(0, streamTime, worker, texts);
            Clear(worker);
            Assert.True(decisions.Delivered(TimeSpan.FromSeconds(10)), "decision records were not delivered");
            if ((long)elapsed.TotalMinutes % 15 != 0)
            {
                continue;
            }

            await InProcessCorrelator.WaitForAsync([correlator], [End(kafka, options)], s_timeout);
            var found = Incidents(kafka, options).Where(r => TypeOf(r) == "uptime.incident." + state).ToList();
            if (found.Count > 0)
            {
                return Assert.Single(found);
            }
        }

        throw new Xunit.Sdk.XunitException($"no {state} incident within {limit} of wall-clock ticks");
    }

    private static long End(EmbeddedKafka kafka, KafkaOptions options)
    {
        using var consumer = new Confluent.Kafka.ConsumerBuilder<byte[], byte[]>(new Confluent.Kafka.ConsumerConfig { BootstrapServers = kafka.BootstrapServers, GroupId = "ends" }).Build();
        return Telemetry.Kafka.Watermarks.High(consumer, new Confluent.Kafka.TopicPartition(options.DecisionsTopic, 0), TimeSpan.FromSeconds(10));
    }

    private static List<JsonElement> Incidents(EmbeddedKafka kafka, KafkaOptions options) =>
        [.. TopicReader.Values(kafka.BootstrapServers, options.IncidentsTopic).Select(v => JsonDocument.Parse(v).RootElement.Clone())];

    private static string? TypeOf(JsonElement record) => record.GetProperty("type").GetString();

    private static DateTimeOffset Time(JsonElement record) => DateTimeOffset.Parse(record.GetProperty("time").GetString()!, CultureInfo.InvariantCulture);

    private static void Clear(PartitionWorker worker)
    {
        worker.Signals.Clear();
        worker.Outages.Clear();
        worker.Sessions.Clear();
        worker.LateEvents.Clear();
        worker.DecideEvents.Clear();
        worker.AuthEvents.Clear();
    }

    /// <summary>A charger that boots (heartbeat interval 60 s), reports, beats for ten minutes and falls silent.</summary>
    private static async Task<List<TelemetryEvent>> SilentChargerAsync(ChargerRegistry chargers, TextCodeRegistry texts)
    {
        var capture = new StringBuilder();
        void Record(DateTimeOffset at, string dir, string msg) =>
            capture.Append("{\"ts\":\"").Append(at.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture))
                .Append("\",\"cp\":\"CP-LIVE\",\"dir\":\"").Append(dir).Append("\",\"msg\":").Append(msg).Append("}\n");
        capture.Append("{\"ts\":\"2026-03-01T12:00:00.000Z\",\"cp\":\"CP-LIVE\",\"event\":\"connected\",\"proto\":\"ocpp1.6\"}\n");
        Record(s_start.AddSeconds(1), "rx", "[2,\"b1\",\"BootNotification\",{\"chargePointVendor\":\"V\",\"chargePointModel\":\"M\"}]");
        Record(s_start.AddSeconds(2), "tx", $"[3,\"b1\",{{\"status\":\"Accepted\",\"currentTime\":\"2026-03-01T12:00:02Z\",\"interval\":{IntervalSeconds}}}]");
        Record(s_start.AddSeconds(3), "rx", "[2,\"s1\",\"StatusNotification\",{\"connectorId\":1,\"errorCode\":\"NoError\",\"status\":\"Available\"}]");
        for (var beat = 1; beat <= 10; beat++)
        {
            Record(s_start.AddSeconds(beat * IntervalSeconds), "rx", $"[2,\"h{beat}\",\"Heartbeat\",{{}}]");
        }

        var events = new List<TelemetryEvent>();
        var input = new CaptureInput(CaptureFormat.Tap, chargers, texts, new TapReaderOptions());
        var read = await input.ReadAsync(System.IO.Pipelines.PipeReader.Create(new MemoryStream(Encoding.UTF8.GetBytes(capture.ToString()))), new Collecting(events), CancellationToken.None);
        Assert.Equal(0, read.Rejected);
        return events;
    }

    private readonly struct Collecting(List<TelemetryEvent> events) : IParseHandler
    {
        public void OnEvent(in TelemetryEvent telemetryEvent) => events.Add(telemetryEvent);

        public void OnRejected(RejectReason reason, long line, long offset, ReadOnlySpan<byte> raw)
        {
        }
    }
}
