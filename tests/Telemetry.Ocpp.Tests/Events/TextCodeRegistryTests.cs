using Telemetry.Ocpp.Events;
using Telemetry.Testing;

namespace Telemetry.Ocpp.Tests.Events;

public class TextCodeRegistryTests
{
    [Fact]
    public void Intern_ReturnsSameId_ForSameText()
    {
        var texts = new TextCodeRegistry();

        var first = texts.Intern("E-0042"u8);
        var other = texts.Intern("E-0043"u8);
        var again = texts.Intern("E-0042"u8);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.Equal(2, texts.Count);
        Assert.Equal("E-0042", texts.TextOf(first));
        Assert.True(texts.Utf8TextOf(other).SequenceEqual("E-0043"u8));
    }

    [Fact]
    public void Intern_ReturnsIdsOtherThanReservedOnes_ForNewTexts()
    {
        var texts = new TextCodeRegistry();

        var id = texts.Intern("x"u8);

        Assert.NotEqual(TextCodeRegistry.None, id);
        Assert.NotEqual(TextCodeRegistry.Overflow, id);
    }

    [Fact]
    public void Intern_ReturnsNone_ForEmptyText()
    {
        var texts = new TextCodeRegistry();

        Assert.Equal(TextCodeRegistry.None, texts.Intern([]));
        Assert.Equal(0, texts.Count);
        Assert.Null(texts.TextOf(TextCodeRegistry.None));
    }

    [Fact]
    public void Intern_ReturnsOverflowAndCounts_WhenFull()
    {
        var texts = new TextCodeRegistry(capacity: 2);
        var a = texts.Intern("a"u8);
        texts.Intern("b"u8);

        var c = texts.Intern("c"u8);
        var d = texts.Intern("d"u8);
        var knownAgain = texts.Intern("a"u8);

        Assert.Equal(TextCodeRegistry.Overflow, c);
        Assert.Equal(TextCodeRegistry.Overflow, d);
        Assert.Equal(a, knownAgain);
        Assert.Equal(2, texts.Overflowed);
        Assert.Equal(2, texts.Count);
        Assert.True(texts.Utf8TextOf(TextCodeRegistry.Overflow).IsEmpty);
    }

    [Fact]
    public void Intern_ReturnsOverflow_WhenTextLongerThanWireAllows()
    {
        var texts = new TextCodeRegistry();

        var id = texts.Intern(new byte[TextCodeRegistry.MaxTextBytes + 1]);

        Assert.Equal(TextCodeRegistry.Overflow, id);
        Assert.Equal(1, texts.Overflowed);
    }

    [Fact]
    public void Intern_HoldsMaxCapacityTexts_WithDistinctIds()
    {
        var texts = new TextCodeRegistry();
        Span<byte> text = stackalloc byte[2];
        var seen = new HashSet<ushort>();

        for (var i = 0; i < TextCodeRegistry.MaxCapacity; i++)
        {
            text[0] = (byte)(i >> 8);
            text[1] = (byte)i;
            Assert.True(seen.Add(texts.Intern(text)));
        }

        Assert.Equal(TextCodeRegistry.MaxCapacity, texts.Count);
        Assert.DoesNotContain(TextCodeRegistry.None, seen);
        Assert.DoesNotContain(TextCodeRegistry.Overflow, seen);
        Assert.Equal(TextCodeRegistry.Overflow, texts.Intern("one more"u8));
    }

    [Fact]
    public void Intern_AllocatesNothing_ForKnownText()
    {
        var texts = new TextCodeRegistry();
        var code = "TamperDetectionActivated"u8.ToArray();
        var id = texts.Intern(code);
        ushort last = 0;

        // Tiered compilation may install new code for the loop during a run and allocate once;
        // an allocation per call would show in every run.
        var fewest = AllocationMeter.FewestBytes(() =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                last = texts.Intern(code);
            }
        });

        Assert.Equal(0, fewest);
        Assert.Equal(id, last);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(TextCodeRegistry.MaxCapacity + 1)]
    public void Constructor_Throws_WhenCapacityOutOfRange(int capacity)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TextCodeRegistry(capacity));
    }
}
