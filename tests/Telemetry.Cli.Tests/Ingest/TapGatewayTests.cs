using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Telemetry.Cli.Ingest;
using Telemetry.Kafka;
using Telemetry.Kafka.Embedded;
using Telemetry.Kafka.Publishing;
using Telemetry.Ocpp.Tap;

namespace Telemetry.Cli.Tests.Ingest;

public sealed class TapGatewayTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task RunAsync_ProducesEveryEventOfEachStreamInOrder_AndDeadLettersBadRecords()
    {
        var streams = TapStreams.Split(streams: 3, chargers: 12, seed: 5);
        var badRecord = "{\"ts\":\"2026-03-01T00:00:00Z\",\"cp\":\"CP-BAD\",\"dir\":\"rx\",\"msg\":[2,\"1\",\"Heartbeat\",{}"u8.ToArray();
        streams[1] = [.. badRecord, (byte)'\n', .. streams[1]];
        var expected = new List<TapStreams.NamedEvent>();
        foreach (var stream in streams)
        {
            expected.AddRange(await TapStreams.ParseAsync(stream));
        }

        using var kafka = new EmbeddedKafka();
        var options = new KafkaOptions { EventsTopic = "gateway.events", DeadLetterTopic = "gateway.deadletter" };
        kafka.CreateTopic(options.EventsTopic, 4);
        kafka.CreateTopic(options.DeadLetterTopic, 1);
        using var publisher = new KafkaPublisher(kafka.BootstrapServers, options, "test-gateway");
        using var gateway = new TapGateway(publisher, options, new TapReaderOptions(), new GatewayOptions(), NullLogger<TapGateway>.Instance);
        var endPoint = gateway.Listen(new IPEndPoint(IPAddress.Loopback, 0));
        using var stop = new CancellationTokenSource();
        var running = gateway.RunAsync(stop.Token);

        await Task.WhenAll(streams.Select(stream => SendAsync(endPoint, stream)));
        await WaitUntilAsync(() => gateway.Accepted == streams.Length && gateway.OpenConnections == 0);
        stop.Cancel();
        await running.WaitAsync(s_timeout);
        Assert.True(publisher.Flush(s_timeout));

        Assert.Equal(expected.Count, gateway.Events);
        Assert.Equal(1, gateway.Rejected);
        Assert.Equal(0, publisher.DeliveryErrors);
        var produced = TopicReader.Events(kafka.BootstrapServers, options);
        // Each charger's events arrive in the order its stream carried them.
        Assert.Equal(
            expected.GroupBy(e => e.ChargePoint).ToDictionary(g => g.Key, g => g.ToList()).OrderBy(p => p.Key, StringComparer.Ordinal),
            produced.GroupBy(e => e.ChargePoint).ToDictionary(g => g.Key, g => g.ToList()).OrderBy(p => p.Key, StringComparer.Ordinal),
            new ChargerEventsComparer());
        var deadLetter = Assert.Single(TopicReader.Values(kafka.BootstrapServers, options.DeadLetterTopic));
        using var json = JsonDocument.Parse(deadLetter);
        Assert.Equal("invalid_json", json.RootElement.GetProperty("reason").GetString());
        Assert.StartsWith("tcp:127.0.0.1:", json.RootElement.GetProperty("source").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, json.RootElement.GetProperty("line").GetInt64());
        Assert.Equal(Encoding.UTF8.GetString(badRecord), json.RootElement.GetProperty("raw").GetString());
    }

    [Fact]
    public async Task RunAsync_ClosesConnectionsBeyondTheLimit_AndCountsThem()
    {
        using var kafka = new EmbeddedKafka();
        var options = new KafkaOptions { EventsTopic = "limit.events", DeadLetterTopic = "limit.deadletter" };
        kafka.CreateTopic(options.EventsTopic, 1);
        kafka.CreateTopic(options.DeadLetterTopic, 1);
        using var publisher = new KafkaPublisher(kafka.BootstrapServers, options, "test-gateway");
        using var gateway = new TapGateway(publisher, options, new TapReaderOptions(), new GatewayOptions { MaxConnections = 1 }, NullLogger<TapGateway>.Instance);
        var endPoint = gateway.Listen(new IPEndPoint(IPAddress.Loopback, 0));
        using var stop = new CancellationTokenSource();
        var running = gateway.RunAsync(stop.Token);

        using var first = new TcpClient();
        await first.ConnectAsync(endPoint);
        await WaitUntilAsync(() => gateway.OpenConnections == 1);
        using var second = new TcpClient();
        await second.ConnectAsync(endPoint);
        var read = await second.GetStream().ReadAsync(new byte[1]).AsTask().WaitAsync(s_timeout);

        Assert.Equal(0, read);
        Assert.Equal(1, gateway.Refused);
        Assert.Equal(1, gateway.OpenConnections);
        stop.Cancel();
        await running.WaitAsync(s_timeout);
        Assert.Equal(0, gateway.OpenConnections);
    }

    [Fact]
    public async Task RunAsync_StopsReadingAStreamAtTheQueueBound_AndDeliversEveryEventInOrder_WhenTheBrokerComesBack()
    {
        var stream = TapStreams.Split(streams: 1, chargers: 40, seed: 8, days: 2)[0];
        // Far more than the socket buffers and the pipe hold, so the sender must wait for the reads.
        Assert.True(stream.Length > 2_000_000, $"stream of {stream.Length} bytes");
        var expected = await TapStreams.ParseAsync(stream);
        using var kafka = new EmbeddedKafka();
        var options = new KafkaOptions { EventsTopic = "bound.events", DeadLetterTopic = "bound.deadletter", MaxQueuedMessages = 100 };
        // Reconnect soon after the broker is back.
        options.ClientSettings["reconnect.backoff.max.ms"] = "200";
        kafka.CreateTopic(options.EventsTopic, 4);
        kafka.CreateTopic(options.DeadLetterTopic, 1);
        using var publisher = new KafkaPublisher(kafka.BootstrapServers, options, "test-gateway", DeliveryGuarantees.WaitWhileDown);
        publisher.PartitionsOf(options.EventsTopic, s_timeout);
        using var gateway = new TapGateway(publisher, options, new TapReaderOptions(), new GatewayOptions(), NullLogger<TapGateway>.Instance);
        var endPoint = gateway.Listen(new IPEndPoint(IPAddress.Loopback, 0));
        using var stop = new CancellationTokenSource();
        var running = gateway.RunAsync(stop.Token);

        kafka.Cluster.SetBrokerDown(1);
        var sent = new long[1];
        var sending = SendAsync(endPoint, stream, sent);
        await WaitUntilAsync(() => publisher.QueueFullWaits > 0 || sending.IsCompleted);

        // The connection is no longer read: the queue holds the bound, the sender is held back.
        Assert.InRange(publisher.Produced, 1, options.MaxQueuedMessages + 1);
        Assert.Equal(0, publisher.Delivered);
        Assert.False(sending.IsCompleted, "the whole stream was taken while Kafka was down");
        Assert.True(Interlocked.Read(ref sent[0]) < stream.Length);

        kafka.Cluster.SetBrokerUp(1);
        await sending.WaitAsync(s_timeout);
        await WaitUntilAsync(() => gateway.OpenConnections == 0);
        stop.Cancel();
        await running.WaitAsync(s_timeout);
        Assert.True(publisher.Flush(s_timeout));

        Assert.Equal(0, publisher.DeliveryErrors);
        Assert.Equal(expected.Count, gateway.Events);
        SourcedEvents.AssertSamePerCharger(expected, TopicReader.Events(kafka.BootstrapServers, options));
    }

    private static async Task SendAsync(IPEndPoint endPoint, byte[] stream, long[]? sent = null)
    {
        // A small send buffer: what the gateway does not read stays with the sender.
        using var client = new TcpClient { SendBufferSize = 16 * 1024 };
        await client.ConnectAsync(endPoint);
        var network = client.GetStream();
        // Uneven writes, so that records straddle the reads on the other side.
        for (var offset = 0; offset < stream.Length; offset += 7_919)
        {
            var length = Math.Min(7_919, stream.Length - offset);
            await network.WriteAsync(stream.AsMemory(offset, length));
            if (sent is not null)
            {
                Interlocked.Exchange(ref sent[0], offset + length);
            }
        }

        client.Client.Shutdown(SocketShutdown.Send);
        // The gateway closes its side once it has read everything.
        await network.ReadAsync(new byte[1]).AsTask().WaitAsync(s_timeout);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var guard = new CancellationTokenSource(s_timeout);
        while (!condition())
        {
            await Task.Delay(20, guard.Token);
        }
    }

    private sealed class ChargerEventsComparer : IEqualityComparer<KeyValuePair<string, List<TapStreams.NamedEvent>>>
    {
        public bool Equals(KeyValuePair<string, List<TapStreams.NamedEvent>> x, KeyValuePair<string, List<TapStreams.NamedEvent>> y) =>
            x.Key == y.Key && x.Value.SequenceEqual(y.Value);

        public int GetHashCode(KeyValuePair<string, List<TapStreams.NamedEvent>> obj) => obj.Key.GetHashCode(StringComparison.Ordinal);
    }
}
