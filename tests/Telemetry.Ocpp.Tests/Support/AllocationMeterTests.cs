using Telemetry.Testing;

namespace Telemetry.Ocpp.Tests.Support;

public class AllocationMeterTests
{
    private const int ArrayBytes = 4_000;

    [Fact]
    public void FewestBytes_IsZero_WhenTheActionAllocatesNothing()
    {
        var sum = 0L;
        var values = new long[64];
        void Sum()
        {
            foreach (var value in values)
            {
                sum += value + 1;
            }
        }

        var fewest = AllocationMeter.FewestBytes(Sum);

        Assert.Equal(0, fewest);
        Assert.Equal(AllocationMeter.DefaultRuns * values.Length, sum);
    }

    [Fact]
    public void FewestBytes_IsAtLeastTheArray_WhenEveryRunAllocatesOne()
    {
        byte[]? kept = null;
        void Allocate() => kept = new byte[ArrayBytes];

        var fewest = AllocationMeter.FewestBytes(Allocate);

        Assert.True(fewest >= ArrayBytes, $"{fewest} bytes");
        Assert.Equal(ArrayBytes, kept!.Length);
    }

    [Fact]
    public void FewestBytes_IsZero_WhenOnlyOneRunAllocates()
    {
        var kept = new List<byte[]>();
        void AllocateInFirstRun(int run)
        {
            if (run == 0)
            {
                kept.Add(new byte[ArrayBytes]);
            }
        }

        var fewest = AllocationMeter.FewestBytes(AllocateInFirstRun);

        Assert.Equal(0, fewest);
        Assert.Single(kept);
    }

    [Fact]
    public void FewestBytes_PassesEveryRunNumberOnce_InOrder()
    {
        var seen = new int[5];
        var count = 0;
        void Record(int run) => seen[count++] = run;

        AllocationMeter.FewestBytes(Record, runs: seen.Length);

        Assert.Equal(seen.Length, count);
        Assert.Equal([0, 1, 2, 3, 4], seen);
    }

    [Fact]
    public void FewestBytes_Throws_WhenRunsIsBelowOne()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => AllocationMeter.FewestBytes(() => { }, runs: 0));
    }
}
