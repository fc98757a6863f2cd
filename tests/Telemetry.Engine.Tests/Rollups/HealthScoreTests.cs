using Telemetry.Engine.Health;

namespace Telemetry.Engine.Tests.Rollups;

public sealed class HealthScoreTests
{
    [Theory]
    [InlineData(0, 60_000, false, false, false, false, 100)]
    [InlineData(60_000, 60_000, false, false, false, false, 0)]
    [InlineData(30_000, 30_000, false, false, false, false, 0)]
    [InlineData(30_000, 60_000, false, false, false, false, 70)]
    [InlineData(1, 60_000, false, false, false, false, 99)]
    [InlineData(0, 60_000, true, false, false, false, 85)]
    [InlineData(0, 60_000, false, true, true, true, 65)]
    [InlineData(59_000, 60_000, true, true, true, true, 0)]
    [InlineData(0, 0, false, false, false, false, 100)]
    public void Compute_AppliesEachPenalty_AsContractsDefine(int downMs, int knownMs, bool alarm, bool boot, bool failed, bool comms, int expected)
    {
        var score = HealthScore.Compute(new HealthInputs(downMs, knownMs, alarm, boot, failed, comms));

        Assert.Equal(expected, score);
    }
}
