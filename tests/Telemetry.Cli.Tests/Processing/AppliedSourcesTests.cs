using System.Text;
using Telemetry.Cli.Processing;
using Telemetry.Kafka.Frames;

namespace Telemetry.Cli.Tests.Processing;

public sealed class AppliedSourcesTests
{
    [Fact]
    public void IsRepeat_DropsPositionsAtOrBeforeTheLastApplied_PerTopicAndPartition()
    {
        var sources = new AppliedSources();

        Assert.False(sources.IsRepeat(Header("raw", 0, 5, 0)));
        Assert.False(sources.IsRepeat(Header("raw", 0, 5, 1)));
        Assert.False(sources.IsRepeat(Header("raw", 1, 2, 0)));
        Assert.False(sources.IsRepeat(Header("other", 0, 1, 0)));
        // Re-delivered: the same and earlier positions of a source already applied.
        Assert.True(sources.IsRepeat(Header("raw", 0, 5, 1)));
        Assert.True(sources.IsRepeat(Header("raw", 0, 5, 0)));
        Assert.True(sources.IsRepeat(Header("raw", 1, 2, 0)));
        Assert.False(sources.IsRepeat(Header("raw", 0, 6, 0)));
        Assert.Equal(3, sources.Count);
    }

    [Fact]
    public void IsRepeat_IsFalse_ForEventsWithoutASourceHeader()
    {
        var sources = new AppliedSources();

        Assert.False(sources.IsRepeat(default));
        Assert.False(sources.IsRepeat(default));
        Assert.Equal(0, sources.Count);
    }

    private static byte[] Header(string topic, int partition, long offset, int index)
    {
        var name = Encoding.UTF8.GetBytes(topic);
        var value = new byte[SourcePosition.FixedLength + name.Length];
        name.CopyTo(value, SourcePosition.FixedLength);
        new SourcePosition(partition, offset, index).WriteTo(value);
        return value;
    }
}
