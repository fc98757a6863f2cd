using Telemetry.Cli.Pipeline;
using Telemetry.Ocpp.Events;

namespace Telemetry.Cli.Tests.Pipeline;

public sealed class ChargerIdMapTests
{
    [Fact]
    public void LocalIdOf_NumbersDenselyInFirstSeenOrder_WhateverTheConsumersIds()
    {
        var consumer = Registry(200);
        var local = new ChargerRegistry();
        var map = new ChargerIdMap();

        Assert.Equal(0, map.LocalIdOf(150, consumer, local));
        Assert.Equal(1, map.LocalIdOf(7, consumer, local));
        Assert.Equal(0, map.LocalIdOf(150, consumer, local));
        Assert.Equal(2, map.LocalIdOf(199, consumer, local));
        Assert.Equal(["CP-150", "CP-7", "CP-199"], Enumerable.Range(0, local.Count).Select(local.NameOf));
        Assert.Equal([150, 7, 199], Enumerable.Range(0, local.Count).Select(map.ConsumerIdOf));
    }

    [Fact]
    public void LocalIdOf_LeavesAnUnknownCharger_WhenNegative()
    {
        var map = new ChargerIdMap();
        var local = new ChargerRegistry();

        Assert.Equal(-1, map.LocalIdOf(-1, Registry(1), local));
        Assert.Equal(-1, map.ConsumerIdOf(-1));
        Assert.Equal(0, local.Count);
    }

    [Fact]
    public void MapAll_MapsRestoredChargers_ThroughTheirNames()
    {
        var consumer = Registry(10);
        var local = new ChargerRegistry();
        var map = new ChargerIdMap();
        map.LocalIdOf(4, consumer, local);
        // As a checkpoint restore does: names interned into the local registry behind the map's back.
        local.Intern("CP-9".AsSpan());
        local.Intern("CP-new".AsSpan());

        map.MapAll(local, consumer);

        Assert.Equal(4, map.ConsumerIdOf(0));
        Assert.Equal(9, map.ConsumerIdOf(1));
        Assert.Equal("CP-new", consumer.NameOf(map.ConsumerIdOf(2)));
        Assert.Equal(1, map.LocalIdOf(9, consumer, local));
        Assert.Equal(2, map.LocalIdOf(10, consumer, local));
        Assert.Equal(3, local.Count);
    }

    private static ChargerRegistry Registry(int count)
    {
        var registry = new ChargerRegistry();
        for (var c = 0; c < count; c++)
        {
            registry.Intern($"CP-{c}".AsSpan());
        }

        return registry;
    }
}
