using Telemetry.Engine.Windows;

namespace Telemetry.Engine.Tests.Windows;

public sealed class ChargerSetTests
{
    [Fact]
    public void NextFrom_VisitsMembersInAscendingOrder_AcrossWords()
    {
        var set = new ChargerSet();
        int[] members = [130_000, 5, 64, 63, 0, 4_095, 70_001];
        foreach (var m in members)
        {
            set.Add(m);
        }

        var visited = new List<int>();
        for (var c = set.NextFrom(0); c >= 0; c = set.NextFrom(c + 1))
        {
            visited.Add(c);
        }

        Assert.Equal(members.Order(), visited);
    }

    [Fact]
    public void Remove_DropsOnlyThatMember_WhileVisiting()
    {
        var set = new ChargerSet();
        set.Add(1);
        set.Add(2);
        set.Add(200);

        var visited = new List<int>();
        for (var c = set.NextFrom(0); c >= 0; c = set.NextFrom(c + 1))
        {
            visited.Add(c);
            set.Remove(c == 1 ? 200 : c);
        }

        Assert.Equal([1, 2], visited);
        Assert.True(set.Contains(1));
        Assert.False(set.Contains(2));
        Assert.False(set.Contains(200));
    }

    [Fact]
    public void NextFrom_IsMinusOne_WhenNothingAtOrAbove()
    {
        var set = new ChargerSet();
        Assert.Equal(-1, set.NextFrom(0));
        set.Add(10);
        Assert.Equal(10, set.NextFrom(10));
        Assert.Equal(-1, set.NextFrom(11));
        Assert.Equal(-1, set.NextFrom(1_000_000));
        set.Remove(5_000_000);
        Assert.False(set.Contains(5_000_000));
    }
}
