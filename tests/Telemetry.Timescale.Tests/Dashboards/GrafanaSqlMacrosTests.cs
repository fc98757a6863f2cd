namespace Telemetry.Timescale.Tests.Dashboards;

public class GrafanaSqlMacrosTests
{
    private static readonly DateTimeOffset s_from = new(2025, 2, 15, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset s_to = new(2025, 3, 15, 12, 30, 0, TimeSpan.Zero);

    [Fact]
    public void Expand_WritesTimeFilterAsBetweenUtcLiterals()
    {
        var sql = GrafanaSqlMacros.Expand("SELECT 1 FROM t WHERE $__timeFilter(r.bucket)", s_from, s_to, "1h");

        Assert.Equal("SELECT 1 FROM t WHERE r.bucket BETWEEN '2025-02-15T00:00:00Z' AND '2025-03-15T12:30:00Z'", sql);
    }

    [Fact]
    public void Expand_WritesTimeGroupAliasInSecondsOfTheInterval_WhenGivenTheIntervalVariable()
    {
        var sql = GrafanaSqlMacros.Expand("SELECT $__timeGroupAlias(bucket, $__interval), $__timeGroup(ts, '1d')", s_from, s_to, "2h");

        Assert.Equal("SELECT floor(extract(epoch from bucket)/7200)*7200 AS \"time\", floor(extract(epoch from ts)/86400)*86400", sql);
    }

    [Fact]
    public void Expand_WritesTimeFromAndTimeTo()
    {
        var sql = GrafanaSqlMacros.Expand("$__timeFrom() $__timeTo() $__time(c)", s_from, s_to, "1h");

        Assert.Equal("'2025-02-15T00:00:00Z' '2025-03-15T12:30:00Z' c AS \"time\"", sql);
    }

    [Theory]
    [InlineData("SELECT $__unixEpochFilter(ts)")]
    [InlineData("SELECT $__timeGroup(ts, '1h', 0)")]
    [InlineData("SELECT * FROM t WHERE site IN ($site)")]
    public void Expand_Refuses_WhatItDoesNotExpand(string sql)
    {
        Assert.Throws<NotSupportedException>(() => GrafanaSqlMacros.Expand(sql, s_from, s_to, "1h"));
    }

    [Theory]
    [InlineData("30s", 30)]
    [InlineData("5m", 300)]
    [InlineData("'1d'", 86400)]
    [InlineData("2w", 1_209_600)]
    public void Seconds_ReadsGrafanaIntervals(string interval, long seconds)
    {
        Assert.Equal(seconds, GrafanaSqlMacros.Seconds(interval));
    }
}
