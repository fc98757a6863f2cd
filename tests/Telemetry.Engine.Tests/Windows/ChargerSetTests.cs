using System.Globalization;
using Telemetry.Engine.Windows;
using Telemetry.Ocpp.Events;
using Telemetry.Testing;

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

    [Fact]
    public void Add_AllocatesNothing_ForAnyChargerTheRegistryKnew()
    {
        var chargers = Registry(1_000);
        // A fresh set per measured run: adding a member twice would measure nothing new.
        var sets = new ChargerSet[AllocationMeter.DefaultRuns];
        for (var k = 0; k < sets.Length; k++)
        {
            sets[k] = new ChargerSet(chargers);
        }

        var allocated = AllocationMeter.FewestBytes(k =>
        {
            sets[k].Add(999);
            sets[k].Add(0);
        });

        Assert.Equal(0, allocated);
        foreach (var set in sets)
        {
            Assert.True(set.Contains(999));
            Assert.True(set.Contains(0));
        }
    }

    [Fact]
    public void Add_MakesRoomForEveryKnownCharger_WhenItGrows()
    {
        var chargers = Registry(1);
        // A fresh set per measured run, each made while the registry knew one charger.
        var sets = new ChargerSet[AllocationMeter.DefaultRuns];
        for (var k = 0; k < sets.Length; k++)
        {
            sets[k] = new ChargerSet(chargers);
        }

        for (var i = 1; i < 5_000; i++)
        {
            chargers.Intern(Name(i));
        }

        foreach (var set in sets)
        {
            set.Add(70);
        }

        var allocated = AllocationMeter.FewestBytes(k => sets[k].Add(4_999));

        Assert.Equal(0, allocated);
        foreach (var set in sets)
        {
            Assert.Equal(70, set.NextFrom(0));
            Assert.Equal(4_999, set.NextFrom(71));
        }
    }

    private static ChargerRegistry Registry(int count)
    {
        var chargers = new ChargerRegistry();
        for (var i = 0; i < count; i++)
        {
            chargers.Intern(Name(i));
        }

        return chargers;
    }

    private static string Name(int i) => "CP-" + i.ToString(CultureInfo.InvariantCulture);
}
