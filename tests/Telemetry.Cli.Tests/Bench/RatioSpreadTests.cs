using Telemetry.Bench.EndToEnd;

namespace Telemetry.Cli.Tests.Bench;

public sealed class RatioSpreadTests
{
    [Fact]
    public void Of_TakesTheMiddleRatio_WhenRoundsAreOdd()
    {
        var spread = RatioSpread.Of([0.9, 0.4, 1.3, 0.85, 0.8]);

        Assert.Equal(0.85, spread.Median);
        Assert.Equal(0.4, spread.Min);
        Assert.Equal(1.3, spread.Max);
        Assert.Equal(5, spread.Rounds);
    }

    [Fact]
    public void Of_AveragesTheTwoMiddleRatios_WhenRoundsAreEven()
    {
        var spread = RatioSpread.Of([1.0, 0.5, 0.7, 0.9]);

        Assert.Equal(0.8, spread.Median, precision: 12);
        Assert.Equal(0.5, spread.Min);
        Assert.Equal(1.0, spread.Max);
    }

    [Fact]
    public void Of_Throws_WhenNoRoundWasMeasured()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RatioSpread.Of([]));
    }
}
