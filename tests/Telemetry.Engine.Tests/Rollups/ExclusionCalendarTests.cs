using Telemetry.Engine.Inventory;
using Telemetry.Engine.Uptime;
using Telemetry.Ocpp.Events;

namespace Telemetry.Engine.Tests.Rollups;

public sealed class ExclusionCalendarTests
{
    private static readonly DateTimeOffset s_start = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void CoveredMs_CountsOverlappingWindowsOnce()
    {
        var chargers = new ChargerRegistry();
        var cp = chargers.Intern("CP-1".AsSpan());
        var calendar = new ExclusionCalendar(chargers, FleetInventory.Empty, new ExclusionOptions
        {
            Windows =
            [
                new ExclusionWindow { ChargePoint = "CP-1", From = s_start.AddSeconds(10), To = s_start.AddSeconds(40) },
                new ExclusionWindow { ChargePoint = "CP-1", Port = 1, From = s_start.AddSeconds(30), To = s_start.AddSeconds(50) },
                new ExclusionWindow { ChargePoint = "CP-2", From = s_start, To = s_start.AddMinutes(1) },
            ],
        });
        var from = s_start.ToUnixTimeMilliseconds();

        Assert.Equal(40_000, calendar.CoveredMs(cp, 1, from, from + 60_000));
        Assert.Equal(30_000, calendar.CoveredMs(cp, 2, from, from + 60_000));
        Assert.Equal(0, calendar.CoveredMs(cp, 1, from + 60_000, from + 120_000));
    }

    [Fact]
    public void CoveredMs_ExcludesTimeBeforeCommissioning_WhenTheInventoryDatesIt()
    {
        var chargers = new ChargerRegistry();
        var cp = chargers.Intern("CP-1".AsSpan());
        var inventory = new FleetInventory([new ChargerInfo("CP-1", "S", Commissioned: s_start.AddSeconds(45))]);
        var from = s_start.ToUnixTimeMilliseconds();

        var on = new ExclusionCalendar(chargers, inventory, new ExclusionOptions());
        var off = new ExclusionCalendar(chargers, inventory, new ExclusionOptions { OutsideService = false });

        Assert.Equal(45_000, on.CoveredMs(cp, 1, from, from + 60_000));
        Assert.Equal(0, off.CoveredMs(cp, 1, from, from + 60_000));
    }

    [Fact]
    public void Constructor_Throws_WhenAWindowEndsBeforeItStarts()
    {
        var options = new ExclusionOptions { Windows = [new ExclusionWindow { ChargePoint = "CP-1", From = s_start, To = s_start }] };

        var error = Assert.Throws<ArgumentException>(() => new ExclusionCalendar(new ChargerRegistry(), FleetInventory.Empty, options));
        Assert.Contains("Detectors:Exclusions:Windows", error.Message, StringComparison.Ordinal);
    }
}
