using Confluent.Kafka;
using Telemetry.Cli.Pipeline;
using Telemetry.Kafka;
using Telemetry.Kafka.Embedded;
using Telemetry.Kafka.Events;
using Telemetry.Ocpp.Events;
using Telemetry.Ocpp.Rejects;
using Telemetry.Ocpp.Tap;
using Telemetry.Simulator;

namespace Telemetry.Cli.Tests.Processing;

/// <summary>
/// A simulated capture's events on an embedded Kafka's events topic, produced in slices so that
/// workers can be started, stopped and broken between them.
/// </summary>
internal sealed class CapturedFleet : IDisposable
{
    public const int Partitions = 8;
    public const int DecisionPartitions = 4;

    // After a broker restart the rig's producer reconnects with backoff; in a full run on two
    // loaded cores its delivery once took longer than 20 s. Flush returns as soon as all is delivered.
    private static readonly TimeSpan s_flushTimeout = TimeSpan.FromSeconds(60);

    private readonly List<TelemetryEvent> _events;
    private readonly ChargerRegistry _chargers;
    private readonly EventProducer _producer;
    private readonly EventConsumer _ends;
    private int _produced;

    private CapturedFleet(EmbeddedKafka kafka, KafkaOptions options, List<TelemetryEvent> events, ChargerRegistry chargers, TextCodeRegistry texts)
    {
        Kafka = kafka;
        Options = options;
        _events = events;
        _chargers = chargers;
        _producer = new EventProducer(kafka.BootstrapServers, options) { TextCodes = texts };
        _ends = new EventConsumer(kafka.BootstrapServers, options);
    }

    public EmbeddedKafka Kafka { get; }

    public KafkaOptions Options { get; }

    public int EventCount => _events.Count;

    /// <summary>Parses a simulated capture of <paramref name="chargers"/> chargers over <paramref name="days"/> days onto a new topic.</summary>
    public static Task<CapturedFleet> CreateAsync(int chargers = 20, int days = 2, int brokers = 1) =>
        CreateAsync(new SimulationOptions { Chargers = chargers, Sites = 3, Days = days, Seed = 7 }, brokers);

    /// <summary>Parses the capture of the fleet <paramref name="simulation"/> describes onto a new topic.</summary>
    public static async Task<CapturedFleet> CreateAsync(SimulationOptions simulation, int brokers = 1)
    {
        using var capture = new MemoryStream();
        new FleetSimulator(simulation).WriteCapture(capture);
        capture.Position = 0;
        var registry = new ChargerRegistry();
        var texts = new TextCodeRegistry();
        var events = new List<TelemetryEvent>();
        var input = new CaptureInput(CaptureFormat.Tap, registry, texts, new TapReaderOptions());
        await input.ReadAsync(System.IO.Pipelines.PipeReader.Create(capture), new Collecting(events), CancellationToken.None);

        var kafka = new EmbeddedKafka(brokers);
        kafka.Cluster.SetGroupInitialRebalanceDelay(TimeSpan.Zero);
        var options = WithShortSessions(new KafkaOptions { EventsTopic = "telemetry.events", Partitions = Partitions, GroupId = "process-" + Guid.NewGuid().ToString("N") });
        kafka.CreateTopic(options.EventsTopic, Partitions);
        // The topics telemetry process publishes to (the mock cluster has no CreateTopics).
        kafka.CreateTopic(options.SignalsTopic, DecisionPartitions);
        kafka.CreateTopic(options.DecisionsTopic, DecisionPartitions);
        return new CapturedFleet(kafka, options, events, registry, texts);
    }

    /// <summary>Options for another consumer group on the same topic, e.g. the fault-free reference run.</summary>
    public KafkaOptions OptionsForGroup(string group) => WithShortSessions(new KafkaOptions { EventsTopic = Options.EventsTopic, Partitions = Partitions, GroupId = group });

    // The mock coordinator lets a rebalance wait for members up to the session timeout (45 s by
    // default) when the group is not empty or has just emptied; short sessions keep joins and
    // leaves within seconds.
    private static KafkaOptions WithShortSessions(KafkaOptions options)
    {
        options.ClientSettings["session.timeout.ms"] = "3000";
        options.ClientSettings["heartbeat.interval.ms"] = "200";
        return options;
    }

    /// <summary>Produces the capture's events up to <paramref name="fraction"/> of them, in capture order, and waits for delivery.</summary>
    public void ProduceUpTo(double fraction)
    {
        var until = (int)Math.Round(_events.Count * fraction);
        for (; _produced < until; _produced++)
        {
            _producer.Produce(_chargers, _events[_produced]);
        }

        Assert.True(_producer.Flush(s_flushTimeout), "events were not delivered");
        Assert.Equal(0, _producer.DeliveryErrors);
    }

    /// <summary>
    /// Produces the first <paramref name="count"/> events of the capture once more and waits for
    /// delivery: once the whole capture was produced, each is older than its partition's
    /// watermark, so a worker counts it late.
    /// </summary>
    public void ProduceAgain(int count)
    {
        for (var i = 0; i < count; i++)
        {
            _producer.Produce(_chargers, _events[i]);
        }

        Assert.True(_producer.Flush(s_flushTimeout), "events were not delivered");
        Assert.Equal(0, _producer.DeliveryErrors);
    }

    /// <summary>
    /// Moves every partition of <paramref name="topics"/> that <paramref name="brokerId"/> leads to
    /// the brokers <paramref name="to"/> in turn, as a real cluster elects new leaders when a
    /// broker fails (the mock cluster does not); returns how many moved.
    /// </summary>
    public int MoveLeadersOff(int brokerId, int[] to, params string[] topics)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = Kafka.BootstrapServers }).Build();
        var moved = 0;
        foreach (var topic in topics)
        {
            foreach (var partition in admin.GetMetadata(topic, s_flushTimeout).Topics[0].Partitions)
            {
                if (partition.Leader == brokerId)
                {
                    Kafka.Cluster.SetPartitionLeader(topic, partition.PartitionId, to[moved++ % to.Length]);
                }
            }
        }

        return moved;
    }

    /// <summary>The high watermark of every partition.</summary>
    public long[] EndOffsets() => _ends.QueryEndOffsets();

    public void Dispose()
    {
        _ends.Dispose();
        _producer.Dispose();
        Kafka.Dispose();
    }

    private readonly struct Collecting(List<TelemetryEvent> events) : IParseHandler
    {
        public void OnEvent(in TelemetryEvent telemetryEvent) => events.Add(telemetryEvent);

        public void OnRejected(RejectReason reason, long line, long offset, ReadOnlySpan<byte> raw)
        {
        }
    }
}
