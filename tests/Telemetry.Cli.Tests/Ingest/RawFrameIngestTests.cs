using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using Telemetry.Cli.Ingest;
using Telemetry.Kafka;
using Telemetry.Kafka.Embedded;
using Telemetry.Kafka.Publishing;
using Telemetry.Ocpp.Tap;

namespace Telemetry.Cli.Tests.Ingest;

public sealed partial class RawFrameIngestTests
{
    private const string RawTopicName = "raw.frames";
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task RunAsync_ProducesWhatAFileReadGivesPerCharger_AndDeadLettersBadRecords()
    {
        var capture = TapStreams.Split(streams: 1, chargers: 8, seed: 3)[0];
        var expected = await TapStreams.ParseAsync(capture);
        var messages = RawTopic.TapRecords(capture);
        var bad = "{\"ts\":\"2026-03-01T00:00:00Z\",\"cp\":\"CP-BAD\",\"dir\":\"rx\",\"msg\":[2,\"1\",\"Heartbeat\",{}"u8.ToArray();
        messages.Insert(messages.Count / 2, new Message<byte[], byte[]> { Key = "CP-BAD"u8.ToArray(), Value = bad });
        using var kafka = NewKafka(out var options);
        RawTopic.Produce(kafka.BootstrapServers, RawTopicName, messages);

        var run = await IngestAsync(kafka, options, new GatewayOptions { RawFramesGroupId = "ingest-a" }, messages.Count);

        Assert.Equal(expected.Count, run.Events);
        Assert.Equal(1, run.Rejected);
        var produced = SourcedEvents.All(kafka.BootstrapServers, options);
        SourcedEvents.AssertSamePerCharger(expected, produced.Select(e => e.Event));
        Assert.All(produced, e => Assert.NotNull(e.Source));
        var deadLetter = Assert.Single(TopicReader.Values(kafka.BootstrapServers, options.DeadLetterTopic));
        using var json = JsonDocument.Parse(deadLetter);
        Assert.Equal("invalid_json", json.RootElement.GetProperty("reason").GetString());
        Assert.Matches(DeadLetterSource(), json.RootElement.GetProperty("source").GetString());
        Assert.Equal(Encoding.UTF8.GetString(bad), json.RootElement.GetProperty("raw").GetString());
    }

    [Fact]
    public async Task RunAsync_ParsesBareFrames_WithChargerFromKeyAndDirectionAndTimeFromHeadersOrTimestamp()
    {
        var capture = TapStreams.Split(streams: 1, chargers: 6, seed: 11)[0];
        var framesOnly = new StringBuilder();
        var messages = new List<Message<byte[], byte[]>>();
        foreach (var line in Encoding.UTF8.GetString(capture).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var record = JsonDocument.Parse(line);
            var root = record.RootElement;
            if (!root.TryGetProperty("msg", out var frame))
            {
                continue;
            }

            framesOnly.Append(line).Append('\n');
            var ts = root.GetProperty("ts").GetString()!;
            var message = new Message<byte[], byte[]>
            {
                Key = Encoding.UTF8.GetBytes(root.GetProperty("cp").GetString()!),
                Value = Encoding.UTF8.GetBytes(frame.GetRawText()),
                Headers = [],
            };
            // rx is the default: only the other direction is named.
            if (root.GetProperty("dir").GetString() == "tx")
            {
                message.Headers.Add("dir", "tx"u8.ToArray());
            }

            // Half carry their time in the ts header, half as the message timestamp.
            if (messages.Count % 2 == 0)
            {
                message.Headers.Add("ts", Encoding.UTF8.GetBytes(ts));
            }
            else
            {
                message.Timestamp = new Timestamp(DateTimeOffset.Parse(ts, System.Globalization.CultureInfo.InvariantCulture));
            }

            messages.Add(message);
        }

        var expected = await TapStreams.ParseAsync(Encoding.UTF8.GetBytes(framesOnly.ToString()));
        messages.Add(new Message<byte[], byte[]> { Key = "CP-X"u8.ToArray(), Value = "[2,\"9\",\"Heartbeat\",{}]"u8.ToArray(), Headers = [new Header("dir", "up"u8.ToArray())] });
        using var kafka = NewKafka(out var options);
        RawTopic.Produce(kafka.BootstrapServers, RawTopicName, messages);

        var run = await IngestAsync(kafka, options, new GatewayOptions { RawFramesGroupId = "ingest-b" }, messages.Count);

        Assert.Equal(1, run.Rejected);
        SourcedEvents.AssertSamePerCharger(expected, SourcedEvents.All(kafka.BootstrapServers, options).Select(e => e.Event));
        using var json = JsonDocument.Parse(Assert.Single(TopicReader.Values(kafka.BootstrapServers, options.DeadLetterTopic)));
        Assert.Equal("invalid_direction", json.RootElement.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task RunAsync_AfterAKillResumesFromTheCommittedOffsets_AndProcessAppliesNoRepeat()
    {
        var capture = TapStreams.Split(streams: 1, chargers: 6, seed: 5)[0];
        var messages = RawTopic.TapRecords(capture);
        var firstPart = messages.Count / 2;
        // Each member's parsers start at its first offset (a result whose CALL came before is
        // unmatched), so the truth is the two parts parsed as two files.
        var expected = await TapStreams.ParseAsync(Concat(messages.Take(firstPart)));
        expected.AddRange(await TapStreams.ParseAsync(Concat(messages.Skip(firstPart))));
        using var kafka = NewKafka(out var options);
        const string Group = "ingest-crash";

        // A clean run over the first part commits its end.
        RawTopic.Produce(kafka.BootstrapServers, RawTopicName, messages.Take(firstPart));
        var first = await IngestAsync(kafka, options, new GatewayOptions { RawFramesGroupId = Group }, firstPart);
        Assert.True(first.Commits > 0);

        // A member that never commits produces the second part's events, then is killed.
        RawTopic.Produce(kafka.BootstrapServers, RawTopicName, messages.Skip(firstPart));
        using (var child = IngestChild.Start(kafka.BootstrapServers, options, RawTopicName, new Dictionary<string, string>
        {
            ["Gateway:RawFramesGroupId"] = Group,
            ["Gateway:RawFramesCommitInterval"] = "01:00:00",
        }))
        {
            await WaitUntilAsync(() => EventsIn(kafka, options) >= expected.Count, () => child.Stderr);
            child.Kill();
        }

        // Its successor starts from the first part's commit and produces the second part again.
        var second = await IngestAsync(kafka, options, new GatewayOptions { RawFramesGroupId = Group }, messages.Count - firstPart);

        var produced = SourcedEvents.All(kafka.BootstrapServers, options);
        Assert.Equal(messages.Count - firstPart, second.Records);
        Assert.Equal(expected.Count + second.Events, produced.Count);
        Assert.True(second.Events > 0);
        SourcedEvents.AssertSamePerCharger(expected, SourcedEvents.Applied(produced));
    }

    [Theory]
    [InlineData(ErrorCode.NotLeaderForPartition)]
    [InlineData(ErrorCode.RequestTimedOut)]
    [InlineData(ErrorCode.NotEnoughReplicas)]
    [InlineData(ErrorCode.LeaderNotAvailable)]
    public async Task RunAsync_ProducesEveryEventExactlyOnce_WhenProduceRequestsFail(ErrorCode error)
    {
        var capture = TapStreams.Split(streams: 1, chargers: 8, seed: 4)[0];
        var expected = await TapStreams.ParseAsync(capture);
        var messages = RawTopic.TapRecords(capture);
        using var kafka = NewKafka(out var options);
        RawTopic.Produce(kafka.BootstrapServers, RawTopicName, messages);

        // Retriable errors answered to the ingest's own Produce requests: the idempotent producer
        // retries them, so the events topic must hold each event once, none missing.
        kafka.Cluster.PushRequestErrors(KafkaApiKey.Produce, error, error, error);
        var run = await IngestAsync(kafka, options, new GatewayOptions { RawFramesGroupId = "ingest-produce-errors" }, messages.Count);

        Assert.Equal(expected.Count, run.Events);
        var produced = SourcedEvents.All(kafka.BootstrapServers, options);
        Assert.Equal(expected.Count, produced.Count);
        SourcedEvents.AssertSamePerCharger(expected, produced.Select(e => e.Event));
    }

    [Theory]
    [InlineData(ErrorCode.TopicAuthorizationFailed)]
    [InlineData(ErrorCode.InvalidRecord)]
    public async Task RunAsync_StopsWithoutCommitting_AndARestartAppliesEveryEventOnce_WhenKafkaRefusesADeliveryForGood(ErrorCode error)
    {
        var capture = TapStreams.Split(streams: 1, chargers: 8, seed: 4)[0];
        var expected = await TapStreams.ParseAsync(capture);
        var messages = RawTopic.TapRecords(capture);
        using var kafka = NewKafka(out var options);
        RawTopic.Produce(kafka.BootstrapServers, RawTopicName, messages);
        var gateway = new GatewayOptions { RawFramesGroupId = "ingest-refused" };
        var errorsBefore = await DeliveryErrorsMetric.ReadAsync();

        // A non-retriable answer to the ingest's first Produce request: the client gives up on
        // those messages. The input must stop before anything later is delivered, commit nothing,
        // and count the failure.
        kafka.Cluster.PushRequestErrors(KafkaApiKey.Produce, error);
        using (var publisher = new KafkaPublisher(kafka.BootstrapServers, options, "test-frames", RawFrameIngest.PublisherGuarantees))
        using (var ingest = new RawFrameIngest(kafka.BootstrapServers, publisher, options, new TapReaderOptions(), gateway, RawTopicName, NullLogger.Instance))
        {
            using var stop = new CancellationTokenSource();
            var running = ingest.RunAsync(stop.Token);
            await WaitUntilAsync(() => running.IsCompleted, () => $"still running after {ingest.Records} records, {publisher.DeliveryErrors} delivery errors");
            await running;

            Assert.True(ingest.Failed);
            Assert.NotNull(publisher.FatalError);
            Assert.True(publisher.DeliveryErrors > 0);
            Assert.Equal(0, ingest.Commits);
            Assert.True(await DeliveryErrorsMetric.ReadAsync() >= errorsBefore + publisher.DeliveryErrors);
        }

        // The restart reads again from the last commit (here the start) and delivers everything.
        var second = await IngestToEndAsync(kafka, options, gateway, messages.Count);

        var produced = SourcedEvents.All(kafka.BootstrapServers, options);
        Assert.Equal(expected.Count, second.Events);
        SourcedEvents.AssertSamePerCharger(expected, SourcedEvents.Applied(produced));
    }

    [Fact]
    public async Task RunAsync_PausesAtTheQueueBound_AndDeliversEveryEventOnce_WhenTheEventsPartitionsGetALeaderBack()
    {
        var capture = TapStreams.Split(streams: 1, chargers: 8, seed: 6)[0];
        var expected = await TapStreams.ParseAsync(capture);
        var messages = RawTopic.TapRecords(capture);
        using var kafka = NewKafka(out var options);
        options.MaxQueuedMessages = 200;
        RawTopic.Produce(kafka.BootstrapServers, RawTopicName, messages);
        // Kafka takes no events (no leader for any events partition) while the raw topic stays readable.
        for (var p = 0; p < 4; p++)
        {
            kafka.Cluster.SetPartitionLeader(options.EventsTopic, p, -1);
        }

        var gateway = new GatewayOptions { RawFramesGroupId = "ingest-bound", RawFramesFlushTimeout = TimeSpan.FromSeconds(1) };
        using var publisher = new KafkaPublisher(kafka.BootstrapServers, options, "test-frames", RawFrameIngest.PublisherGuarantees);
        using var ingest = new RawFrameIngest(kafka.BootstrapServers, publisher, options, new TapReaderOptions(), gateway, RawTopicName, NullLogger.Instance);
        using var stop = new CancellationTokenSource();
        var running = ingest.RunAsync(stop.Token);
        var maxInFlight = 0L;
        await WaitUntilAsync(
            () =>
            {
                maxInFlight = Math.Max(maxInFlight, publisher.InFlight);
                return ingest.Pauses > 0 || running.IsCompleted;
            },
            () => $"{ingest.Records} records read, {publisher.InFlight} in flight, no pause");

        // Paused: reading stopped with the queue bounded and nothing delivered.
        Assert.True(publisher.Produced <= options.MaxQueuedMessages, $"{publisher.Produced} produced");
        Assert.Equal(0, publisher.Delivered);
        Assert.True(ingest.Records < messages.Count, $"{ingest.Records} of {messages.Count} records read while Kafka took nothing");
        Assert.False(running.IsCompleted);

        for (var p = 0; p < 4; p++)
        {
            kafka.Cluster.SetPartitionLeader(options.EventsTopic, p, 1);
        }

        await WaitUntilAsync(
            () =>
            {
                maxInFlight = Math.Max(maxInFlight, publisher.InFlight);
                return GroupProgress.CommittedToEnd(kafka.BootstrapServers, RawTopicName, 4, gateway.RawFramesGroupId);
            },
            () => $"{ingest.Records} of {messages.Count} records read, {publisher.InFlight} in flight, {ingest.Commits} commits");
        stop.Cancel();
        await running.WaitAsync(s_timeout);

        Assert.Equal(0, publisher.DeliveryErrors);
        Assert.Equal(0, ingest.Rewinds);
        Assert.InRange(maxInFlight, 1, options.MaxQueuedMessages);
        var produced = SourcedEvents.All(kafka.BootstrapServers, options);
        Assert.Equal(expected.Count, produced.Count);
        SourcedEvents.AssertSamePerCharger(expected, produced.Select(e => e.Event));
    }

    private static async Task<IngestRun> IngestToEndAsync(EmbeddedKafka kafka, KafkaOptions options, GatewayOptions gateway, long records)
    {
        using var publisher = new KafkaPublisher(kafka.BootstrapServers, options, "test-frames", RawFrameIngest.PublisherGuarantees);
        using var ingest = new RawFrameIngest(kafka.BootstrapServers, publisher, options, new TapReaderOptions(), gateway, RawTopicName, NullLogger.Instance);
        using var stop = new CancellationTokenSource();
        var running = ingest.RunAsync(stop.Token);
        await WaitUntilAsync(
            () => running.IsCompleted || (ingest.Records >= records && GroupProgress.CommittedToEnd(kafka.BootstrapServers, RawTopicName, 4, gateway.RawFramesGroupId)),
            () => $"{ingest.Records} of {records} records read, {ingest.Commits} commits");
        stop.Cancel();
        await running.WaitAsync(s_timeout);
        Assert.False(ingest.Failed);
        Assert.Equal(0, publisher.DeliveryErrors);
        return new IngestRun(ingest.Records, ingest.Ingested.Total, ingest.Rejected.Total, ingest.Commits);
    }

    private static byte[] Concat(IEnumerable<Message<byte[], byte[]>> records) =>
        records.SelectMany(m => m.Value.Append((byte)'\n')).ToArray();

    private static EmbeddedKafka NewKafka(out KafkaOptions options)
    {
        var kafka = new EmbeddedKafka();
        options = RawTopic.ShortSessions(new KafkaOptions());
        kafka.CreateTopic(RawTopicName, 4);
        kafka.CreateTopic(options.EventsTopic, 4);
        kafka.CreateTopic(options.DeadLetterTopic, 1);
        return kafka;
    }

    private static long EventsIn(EmbeddedKafka kafka, KafkaOptions options)
    {
        var config = new ConsumerConfig { BootstrapServers = kafka.BootstrapServers, GroupId = "test-count" };
        using var consumer = new ConsumerBuilder<byte[], byte[]>(config).Build();
        long total = 0;
        for (var p = 0; p < 4; p++)
        {
            total += Telemetry.Kafka.Watermarks.High(consumer, new TopicPartition(options.EventsTopic, p), TimeSpan.FromSeconds(10));
        }

        return total;
    }

    private static async Task<IngestRun> IngestAsync(EmbeddedKafka kafka, KafkaOptions options, GatewayOptions gateway, long records)
    {
        using var publisher = new KafkaPublisher(kafka.BootstrapServers, options, "test-frames", RawFrameIngest.PublisherGuarantees);
        using var ingest = new RawFrameIngest(kafka.BootstrapServers, publisher, options, new TapReaderOptions(), gateway, RawTopicName, NullLogger.Instance);
        using var stop = new CancellationTokenSource();
        var running = ingest.RunAsync(stop.Token);
        await WaitUntilAsync(() => ingest.Records >= records || running.IsCompleted, () => $"{ingest.Records} of {records} records read");
        stop.Cancel();
        await running.WaitAsync(s_timeout);
        Assert.True(publisher.Flush(s_timeout));
        Assert.Equal(0, publisher.DeliveryErrors);
        return new IngestRun(ingest.Records, ingest.Ingested.Total, ingest.Rejected.Total, ingest.Commits);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, Func<string> state)
    {
        using var guard = new CancellationTokenSource(s_timeout);
        while (!condition())
        {
            try
            {
                await Task.Delay(50, guard.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException(state());
            }
        }
    }

    [GeneratedRegex(@"^kafka:raw\.frames/\d+@\d+$")]
    private static partial Regex DeadLetterSource();

    private readonly record struct IngestRun(long Records, long Events, long Rejected, long Commits);
}
