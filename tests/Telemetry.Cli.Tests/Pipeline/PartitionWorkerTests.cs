using Telemetry.Cli.Pipeline;
using Telemetry.Engine;
using Telemetry.Engine.Inventory;
using Telemetry.Ocpp.Events;

namespace Telemetry.Cli.Tests.Pipeline;

public sealed class PartitionWorkerTests
{
    private const int ChargerCount = 4000;
    private const int Partitions = 4;
    private const long StartMs = 1_700_000_000_000;

    [Fact]
    public void OnEvent_HoldsOnlyThePartitionsChargers_WhenTheConsumerRegistryHoldsEveryPartitions()
    {
        var consumer = new ChargerRegistry();
        for (var c = 0; c < ChargerCount; c++)
        {
            consumer.Intern($"CP-{c:D5}".AsSpan());
        }

        var context = new DetectionContext(consumer, new TextCodeRegistry(), FleetInventory.Empty, new DetectorOptions());
        var workers = Enumerable.Range(0, Partitions).Select(p => new PartitionWorker(p, context, rollupDirectory: null, bufferForDatabase: false)).ToArray();
        try
        {
            // Interleaved as a key hash spreads chargers: partition p gets every charger c with c % Partitions == p.
            for (var minute = 0; minute < 3; minute++)
            {
                for (var c = 0; c < ChargerCount; c++)
                {
                    var e = TelemetryEvent.Create(EventKind.Heartbeat, StartMs + (minute * 60_000) + c, c, OcppVersion.V16);
                    workers[c % Partitions].OnEvent(e);
                }
            }

            foreach (var worker in workers)
            {
                worker.Finish(StartMs + (10 * 60_000));
                Assert.Equal(ChargerCount / Partitions, worker.Chargers.Count);
                Assert.InRange(worker.Detector.ChargerSlots, worker.Chargers.Count, 2 * worker.Chargers.Count);
                Assert.Equal(worker.Chargers.Count, worker.Detector.EventsProcessed / 3);
            }
        }
        finally
        {
            foreach (var worker in workers)
            {
                worker.Dispose();
            }
        }
    }

    [Fact]
    public void OnEvent_NamesEachChargerAsTheConsumerDoes_WhenRenumbered()
    {
        var consumer = new ChargerRegistry();
        foreach (var name in new[] { "A", "B", "C", "D", "E" })
        {
            consumer.Intern(name.AsSpan());
        }

        var context = new DetectionContext(consumer, new TextCodeRegistry(), FleetInventory.Empty, new DetectorOptions());
        using var worker = new PartitionWorker(0, context, rollupDirectory: null, bufferForDatabase: true);
        int[] arrival = [3, 1, 4, 1, 3];
        for (var i = 0; i < arrival.Length; i++)
        {
            worker.OnEvent(TelemetryEvent.Create(EventKind.Heartbeat, StartMs + (i * 1000), arrival[i], OcppVersion.V16));
        }

        Assert.Equal(["D", "B", "E"], Enumerable.Range(0, worker.Chargers.Count).Select(worker.Chargers.NameOf));
        for (var local = 0; local < worker.Chargers.Count; local++)
        {
            Assert.Equal(worker.Chargers.NameOf(local), consumer.NameOf(worker.ConsumerIdOf(local)));
            var e = worker.WithConsumerId(TelemetryEvent.Create(EventKind.Heartbeat, StartMs, local, OcppVersion.V16));
            Assert.Equal(worker.Chargers.NameOf(local), consumer.NameOf(e.Charger));
        }
    }

    [Fact]
    public void OnEvent_KeepsTheConsumersIdInLateEvents()
    {
        var consumer = new ChargerRegistry();
        consumer.Intern("A".AsSpan());
        consumer.Intern("B".AsSpan());
        var options = new DetectorOptions();
        var context = new DetectionContext(consumer, new TextCodeRegistry(), FleetInventory.Empty, options);
        using var worker = new PartitionWorker(0, context, rollupDirectory: null, bufferForDatabase: false);
        var lateness = (long)options.Availability.AllowedLateness.TotalMilliseconds;
        worker.OnEvent(TelemetryEvent.Create(EventKind.Heartbeat, StartMs + (10 * lateness), 1, OcppVersion.V16));
        worker.OnEvent(TelemetryEvent.Create(EventKind.Heartbeat, StartMs, 1, OcppVersion.V16));

        var late = Assert.Single(worker.LateEvents);
        Assert.Equal(1, late.Charger);
        Assert.Equal(1, worker.ConsumerIdOf(0));
    }
}
