using Telemetry.Cli.Pipeline;
using Telemetry.Kafka;
using Telemetry.Kafka.Embedded;
using Telemetry.Kafka.Events;

namespace Telemetry.Cli.Tests.Pipeline;

/// <summary><see cref="DetectionBackPressure"/> between an ingest thread and a detection thread.</summary>
public sealed class DetectionBackPressureTests
{
    private const int Records = 200_000;

    [Fact]
    public async Task OnProduced_NeverRunsFurtherAheadThanTheBound_AndFinishesOnceDetectionCatchesUp()
    {
        using var kafka = new EmbeddedKafka();
        var options = Options("bound");
        kafka.CreateTopic(options.EventsTopic, 1);
        using var consumer = new EventConsumer(kafka.BootstrapServers, options);
        using var producer = new EventProducer(kafka.BootstrapServers, options);
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        using var backPressure = new DetectionBackPressure(consumer, guard.Token);
        long produced = 0;
        long detected = 0;
        var ingestDone = false;

        // Detection starts only once ingest waits (or, without a bound, has finished), then reads
        // only what was produced, as a consumer would.
        var detection = Task.Factory.StartNew(
            () =>
            {
                while (backPressure.Waits == 0 && !Volatile.Read(ref ingestDone))
                {
                    guard.Token.ThrowIfCancellationRequested();
                    Thread.Yield();
                }

                while (Volatile.Read(ref detected) < Records)
                {
                    guard.Token.ThrowIfCancellationRequested();
                    if (Volatile.Read(ref detected) < Volatile.Read(ref produced))
                    {
                        backPressure.OnDetected();
                        Interlocked.Increment(ref detected);
                    }
                }
            },
            guard.Token,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        long furthestAhead = 0;
        for (var i = 1; i <= Records; i++)
        {
            Interlocked.Increment(ref produced);
            backPressure.OnProduced(producer);
            furthestAhead = Math.Max(furthestAhead, i - Volatile.Read(ref detected));
        }

        Volatile.Write(ref ingestDone, true);
        await detection;

        // One record's slack: detection counts in the gate before it counts here.
        Assert.InRange(furthestAhead, 1, DetectionBackPressure.MaxAhead + DetectionBackPressure.CheckEvery + 1);
        Assert.Equal(Records, Volatile.Read(ref detected));
        Assert.InRange(backPressure.Waits, 1, Records / DetectionBackPressure.CheckEvery);
    }

    [Fact]
    public async Task OnProduced_Throws_WhenDetectionClosesWhileIngestWaits()
    {
        using var kafka = new EmbeddedKafka();
        var options = Options("closed");
        kafka.CreateTopic(options.EventsTopic, 1);
        using var consumer = new EventConsumer(kafka.BootstrapServers, options);
        using var producer = new EventProducer(kafka.BootstrapServers, options);
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        using var backPressure = new DetectionBackPressure(consumer, guard.Token);
        var ingest = Task.Run(() =>
        {
            // Nothing is ever detected: ingest stops at the bound and waits there.
            for (var i = 0; i < 2 * DetectionBackPressure.MaxAhead; i++)
            {
                backPressure.OnProduced(producer);
            }
        });

        backPressure.Close();

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => ingest);
        Assert.Contains("Detection stopped", thrown.Message, StringComparison.Ordinal);
        Assert.Equal(1, backPressure.Waits);
    }

    private static KafkaOptions Options(string name) => new()
    {
        EventsTopic = $"telemetry.events.{name}",
        Partitions = 1,
    };
}
