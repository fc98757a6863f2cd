using System.Text;
using Telemetry.Ocpp.Events;
using Telemetry.Testing;

namespace Telemetry.Ocpp.Tests.Events;

public class ChargerRegistryTests
{
    [Fact]
    public void Intern_ReturnsSameId_WhenSameIdentitySeenAgain()
    {
        var registry = new ChargerRegistry();

        var first = registry.Intern("CP-1"u8);
        var other = registry.Intern("CP-2"u8);
        var again = registry.Intern("CP-1"u8);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.Equal(2, registry.Count);
        Assert.Equal("CP-1", registry.NameOf(first));
        Assert.Equal("CP-2"u8.ToArray(), registry.Utf8NameOf(other).ToArray());
    }

    [Theory]
    [InlineData("CP-1")]
    [InlineData("Ladesäule-Köln-7")]
    [InlineData("充电桩-01")]
    public void Intern_AgreesBetweenUtf8AndChars_ForSameIdentity(string identity)
    {
        var registry = new ChargerRegistry();

        var byBytes = registry.Intern(Encoding.UTF8.GetBytes(identity));
        var byChars = registry.Intern(identity.AsSpan());

        Assert.True(byBytes >= 0);
        Assert.Equal(byBytes, byChars);
        Assert.Equal(identity, registry.NameOf(byBytes));
        Assert.Equal(Encoding.UTF8.GetBytes(identity), registry.Utf8NameOf(byBytes).ToArray());
    }

    [Fact]
    public void Intern_ReturnsMinusOne_WhenEmpty()
    {
        var registry = new ChargerRegistry();

        Assert.Equal(-1, registry.Intern(ReadOnlySpan<byte>.Empty));
        Assert.Equal(-1, registry.Intern(ReadOnlySpan<char>.Empty));
        Assert.Equal(0, registry.Count);
    }

    [Fact]
    public void Intern_ReturnsMinusOne_WhenLongerThanMaximum()
    {
        var registry = new ChargerRegistry();
        var longest = new string('a', ChargerRegistry.MaxIdLength);
        var tooLong = longest + "a";

        Assert.True(registry.Intern(Encoding.UTF8.GetBytes(longest)) >= 0);
        Assert.Equal(-1, registry.Intern(Encoding.UTF8.GetBytes(tooLong)));
        Assert.Equal(-1, registry.Intern(tooLong.AsSpan()));
        Assert.Equal(1, registry.Count);
    }

    [Fact]
    public void Intern_CountsCharactersNotBytes_WhenMultiByteIdentityAtMaximum()
    {
        var registry = new ChargerRegistry();
        var identity = new string('ä', ChargerRegistry.MaxIdLength);

        Assert.True(registry.Intern(Encoding.UTF8.GetBytes(identity)) >= 0);
    }

    [Theory]
    [InlineData(new byte[] { 0x43, 0x50, 0xFF })]
    [InlineData(new byte[] { 0x43, 0xC3 })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    public void Intern_ReturnsMinusOne_WhenNotUtf8(byte[] utf8)
    {
        var registry = new ChargerRegistry();

        Assert.Equal(-1, registry.Intern(utf8));
        Assert.Equal(0, registry.Count);
    }

    [Fact]
    public void Intern_AllocatesNothing_WhenIdentityKnown()
    {
        var registry = new ChargerRegistry();
        var utf8 = "CP-000042"u8.ToArray();
        var chars = "CP-000042".ToCharArray();
        var id = registry.Intern(utf8);
        for (var i = 0; i < 1000; i++)
        {
            registry.Intern(utf8);
            registry.Intern(chars);
        }

        var mismatches = 0;
        var allocated = AllocationMeter.FewestBytes(() =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                mismatches += registry.Intern(utf8) == id ? 0 : 1;
                mismatches += registry.Intern(chars) == id ? 0 : 1;
            }
        });

        Assert.Equal(0, mismatches);
        Assert.Equal(0, allocated);
    }
}
