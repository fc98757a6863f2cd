using Telemetry.Ocpp.Csv;

namespace Telemetry.Ocpp.Tests.Csv;

public class CsmsCallsTests
{
    [Fact]
    public void TryTake_FindsAndForgetsCall_WhenChargerAndIdMatch()
    {
        var calls = new CsmsCalls(16);
        calls.Add(3, "r1"u8);

        Assert.False(calls.TryTake(4, "r1"u8));
        Assert.False(calls.TryTake(3, "r2"u8));
        Assert.True(calls.TryTake(3, "r1"u8));
        Assert.False(calls.TryTake(3, "r1"u8));
    }

    [Fact]
    public void Add_DisplacesOlderCall_WhenTableHasOneSlot()
    {
        var calls = new CsmsCalls(1);
        calls.Add(1, "a"u8);

        calls.Add(1, "b"u8);

        Assert.Equal(1, calls.Displaced);
        Assert.False(calls.TryTake(1, "a"u8));
        Assert.True(calls.TryTake(1, "b"u8));
    }

    [Fact]
    public void Add_DisplacesNothing_WhenSameCallAddedAgain()
    {
        var calls = new CsmsCalls(1);
        calls.Add(1, "a"u8);

        calls.Add(1, "a"u8);

        Assert.Equal(0, calls.Displaced);
        Assert.True(calls.TryTake(1, "a"u8));
    }

    [Fact]
    public void Add_KeepsEveryCall_WhenFewCallsInLargeTable()
    {
        var calls = new CsmsCalls(4096);
        for (var i = 0; i < 32; i++)
        {
            calls.Add(i % 4, System.Text.Encoding.UTF8.GetBytes($"id-{i}"));
        }

        var found = 0;
        for (var i = 0; i < 32; i++)
        {
            found += calls.TryTake(i % 4, System.Text.Encoding.UTF8.GetBytes($"id-{i}")) ? 1 : 0;
        }

        Assert.Equal(32 - calls.Displaced, found);
        Assert.True(calls.Displaced <= 1);
    }

    [Fact]
    public void Constructor_Throws_WhenCapacityBelowOne()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new CsmsCalls(0));
    }
}
