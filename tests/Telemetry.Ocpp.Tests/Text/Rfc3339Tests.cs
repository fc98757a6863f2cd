using System.Globalization;
using System.Text;
using Telemetry.Ocpp.Text;

namespace Telemetry.Ocpp.Tests.Text;

public class Rfc3339Tests
{
    [Theory]
    [InlineData("2026-03-01T12:00:00.123Z")]
    [InlineData("2026-03-01T12:00:00Z")]
    [InlineData("2026-03-01T12:00:00.5Z")]
    [InlineData("2026-03-01T12:00:00.123+01:00")]
    [InlineData("2026-03-01T12:00:00-05:30")]
    [InlineData("2024-02-29T23:59:59.999Z")]
    [InlineData("1970-01-01T00:00:00Z")]
    [InlineData("2026-03-01t12:00:00z")]
    [InlineData("2026-03-01T12:00:00.007z")]
    [InlineData("2026-03-01T12:00:00.1234Z")]
    [InlineData("2026-03-01T12:00:00.1+01:00")]
    public void TryParseUnixMs_MatchesDateTimeOffset_ForValidTimestamp(string text)
    {
        var expected = DateTimeOffset.Parse(text, CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();

        Assert.True(Rfc3339.TryParseUnixMs(Encoding.UTF8.GetBytes(text), out var unixMs));
        Assert.Equal(expected, unixMs);
    }

    [Fact]
    public void TryParseUnixMs_AppliesOffset_WhenPositiveOffsetGiven()
    {
        Assert.True(Rfc3339.TryParseUnixMs("2026-03-01T13:00:00+01:00"u8, out var withOffset));
        Assert.True(Rfc3339.TryParseUnixMs("2026-03-01T12:00:00Z"u8, out var utc));

        Assert.Equal(utc, withOffset);
    }

    [Fact]
    public void TryParseUnixMs_AppliesOffset_WhenNegativeHalfHourOffsetGiven()
    {
        Assert.True(Rfc3339.TryParseUnixMs("2026-03-01T06:30:00-05:30"u8, out var withOffset));
        Assert.True(Rfc3339.TryParseUnixMs("2026-03-01T12:00:00Z"u8, out var utc));

        Assert.Equal(utc, withOffset);
    }

    [Fact]
    public void TryParseUnixMs_TruncatesToMilliseconds_WhenFractionHasSixDigits()
    {
        var expected = DateTimeOffset.Parse("2026-03-01T12:00:00.123Z", CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();

        Assert.True(Rfc3339.TryParseUnixMs("2026-03-01T12:00:00.123999Z"u8, out var unixMs));
        Assert.Equal(expected, unixMs);
    }

    [Theory]
    [InlineData("2026-13-01T12:00:00Z")]
    [InlineData("2026-00-01T12:00:00Z")]
    [InlineData("2026-02-30T12:00:00Z")]
    [InlineData("2025-02-29T12:00:00Z")]
    [InlineData("2026-03-01T24:00:00Z")]
    [InlineData("2026-03-01T12:60:00Z")]
    [InlineData("2026-03-01T12:00:00")]
    [InlineData("2026-03-01T12:00:00.123")]
    [InlineData("2026-03-01T12:00:00.Z")]
    [InlineData("2026-03-01 12:00:00Z")]
    [InlineData("2026-03-01T12:00:00+0100")]
    [InlineData("2026-03-01T12:00:00+01:00x")]
    [InlineData("2026-3-01T12:00:00Z")]
    [InlineData("hello, world, this is no date")]
    [InlineData("2026-03-01")]
    [InlineData("")]
    [InlineData("0000-01-01T00:00:00Z")]
    [InlineData("2026-03-01T12:00:00.12aZ")]
    [InlineData("2026-03-01T12:00:00.-12Z")]
    [InlineData("2026-03-01T12:00:00.123X")]
    [InlineData("2026-03-01T12:00:00:123Z")]
    [InlineData("2026-02-29T12:00:00.123Z")]
    public void TryParseUnixMs_ReturnsFalse_ForInvalidTimestamp(string text)
    {
        Assert.False(Rfc3339.TryParseUnixMs(Encoding.UTF8.GetBytes(text), out _));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(1_772_366_400_123L)]
    [InlineData(1_709_251_199_999L)]
    public void Format_RoundTrips_ThroughTryParseUnixMs(long unixMs)
    {
        var text = Rfc3339.Format(unixMs);

        Assert.True(Rfc3339.TryParseUnixMs(Encoding.UTF8.GetBytes(text), out var parsed));
        Assert.Equal(unixMs, parsed);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(unixMs).ToUnixTimeMilliseconds(),
            DateTimeOffset.Parse(text, CultureInfo.InvariantCulture).ToUnixTimeMilliseconds());
    }

    [Fact]
    public void Format_WritesUtcWithMilliseconds_ForKnownInstant()
    {
        var unixMs = new DateTimeOffset(2026, 3, 1, 12, 0, 0, 123, TimeSpan.Zero).ToUnixTimeMilliseconds();

        Assert.Equal("2026-03-01T12:00:00.123Z", Rfc3339.Format(unixMs));
    }
}
