using System.Text;
using Telemetry.Ocpp.Text;

namespace Telemetry.Ocpp.Tests.Text;

public class MinuteCacheTests
{
    // Each sequence is read in order by one cache, so later entries hit the minute earlier ones left.
    public static TheoryData<string[]> Sequences => new()
    {
        new[] { "2026-03-01T12:00:00.123Z", "2026-03-01T12:00:59.999Z", "2026-03-01T12:00:07.000z", "2026-03-01T12:01:00.000Z" },
        new[] { "2026-03-01T12:00:00.123Z", "2026-03-01T12:00:60.000Z", "2026-03-01T12:00:61.000Z", "2026-03-01T12:00:6a.000Z" },
        new[] { "2026-03-01T12:00:00.123Z", "2026-03-01T12:00:00.12aZ", "2026-03-01T12:00:00,123Z", "2026-03-01T12:00:00.123+", "2026-03-01T12:00-00.123Z" },
        new[] { "2026-03-01T12:00:00.123Z", "2026-03-01T12:00:00.123+01:00", "2026-03-01T12:00:00Z", "2026-03-01T12:00:01.5Z", "2026-03-01T12:00:02.250Z" },
        new[] { "2026-02-30T12:00:00.123Z", "2026-02-30T12:00:01.123Z", "2024-02-29T23:59:59.999Z", "2024-02-29T23:59:58.001Z" },
        new[] { "2026-03-01t12:00:00.123z", "2026-03-01T12:00:00.123Z", "2026-03-01t12:00:09.999Z", "1970-01-01T00:00:00.000Z" },
    };

    [Theory]
    [MemberData(nameof(Sequences))]
    public void TryParseUnixMs_AgreesWithRfc3339_ForEveryTimestampInOrder(string[] sequence)
    {
        var cache = new MinuteCache();
        foreach (var text in sequence)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            var expectedValid = Rfc3339.TryParseUnixMs(bytes, out var expected);

            var valid = cache.TryParseUnixMs(bytes, out var unixMs);

            Assert.Equal(expectedValid, valid);
            if (expectedValid)
            {
                Assert.Equal(expected, unixMs);
            }
        }
    }

    [Fact]
    public void TryParseUnixMs_GivesLaterMillisecond_WhenSameMinuteFollows()
    {
        var cache = new MinuteCache();
        Assert.True(cache.TryParseUnixMs("2026-03-01T12:00:00.123Z"u8, out var first));

        Assert.True(cache.TryParseUnixMs("2026-03-01T12:00:01.124Z"u8, out var second));

        Assert.Equal(1_001, second - first);
    }
}
