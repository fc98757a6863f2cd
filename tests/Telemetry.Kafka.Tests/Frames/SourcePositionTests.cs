using System.Text;
using Telemetry.Kafka.Frames;

namespace Telemetry.Kafka.Tests.Frames;

public sealed class SourcePositionTests
{
    [Fact]
    public void TryRead_GivesBackWhatWasWritten_WithTheTopicAfterTheFixedPart()
    {
        var topic = Encoding.UTF8.GetBytes("raw.frames");
        var value = new byte[SourcePosition.FixedLength + topic.Length];
        topic.CopyTo(value, SourcePosition.FixedLength);
        var written = new SourcePosition(Partition: 7, Offset: 0x1_0000_0001, Index: 65_535);

        written.WriteTo(value);

        Assert.True(SourcePosition.TryRead(value, out var read, out var readTopic));
        Assert.Equal(written, read);
        Assert.Equal("raw.frames", Encoding.UTF8.GetString(readTopic));
        // Big-endian, as documented: the partition's bytes come first, most significant first.
        Assert.Equal(new byte[] { 0, 0, 0, 7 }, value[..4]);
    }

    [Fact]
    public void TryRead_Refuses_AValueWithoutATopic()
    {
        Assert.False(SourcePosition.TryRead(new byte[SourcePosition.FixedLength], out _, out _));
    }

    [Theory]
    [InlineData(10, 0, 9, 5, true)]
    [InlineData(10, 1, 10, 0, true)]
    [InlineData(10, 0, 10, 0, false)]
    [InlineData(9, 3, 10, 0, false)]
    public void IsAfter_OrdersByOffsetThenIndex(long offset, int index, long otherOffset, int otherIndex, bool after)
    {
        Assert.Equal(after, new SourcePosition(0, offset, index).IsAfter(new SourcePosition(0, otherOffset, otherIndex)));
    }
}
