using Telemetry.Testing;
using Telemetry.Timescale.Exclusions;
using Telemetry.Timescale.Migrations;
using Telemetry.Timescale.Reports;

namespace Telemetry.Timescale.Tests.Reports;

/// <summary>NEVI uptime (23 CFR 680.116(b)) against figures worked out by hand.</summary>
public sealed class UptimeReportTests : IAsyncLifetime
{
    private ThrowawayDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _db = await ThrowawayDatabase.CreateAsync();
        await new MigrationRunner(_db.DataSource).RunAsync();
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task QueryAsync_GivesTheNeviExample_OverA525600MinuteYear()
    {
        // 2026 has 365 days = 525,600 minutes; 2,628 of them down, 1,000 of those excluded (utility).
        await MinuteFixture.InsertAsync(_db, "CP-A", 1, "2026-01-01T00:00Z", "2027-01-01T00:00Z", "2026-06-10T00:00Z", "2026-06-11T19:48Z");
        await new ExclusionStore(_db.DataSource).AddAsync(
            Exclusion.ForPort("CP-A", 1, Utc("2026-06-10T00:00Z"), Utc("2026-06-10T16:40Z"), ExclusionReasons.Utility));

        var rows = await UptimeReport.QueryAsync(_db.DataSource, Utc("2026-01-01T00:00Z"), Utc("2027-01-01T00:00Z"));

        var year = Assert.Single(rows, r => r.ReportYearMonth == "2026-12-ttm");
        Assert.Equal(525_600, year.ObservedMinutes);
        Assert.Equal(2_628, year.OutageMinutes);
        Assert.Equal(1_000, year.ExcludedMinutes);
        // (525,600 − (2,628 − 1,000)) / 525,600 × 100 = 99.6903 %
        Assert.Equal(99.690, year.UptimePercent, 3);

        // June: 30 days = 43,200 minutes; (43,200 − 1,628) / 43,200 × 100 = 96.2315 %
        var june = Assert.Single(rows, r => r.ReportYearMonth == "2026-06");
        Assert.Equal(43_200, june.ObservedMinutes);
        Assert.Equal(96.231, june.UptimePercent, 3);
        Assert.Equal(12, rows.Count(r => !r.ReportYearMonth.EndsWith(UptimeRow.TrailingSuffix, StringComparison.Ordinal)));
        Assert.Equal(100, Assert.Single(rows, r => r.ReportYearMonth == "2026-05").UptimePercent);
    }

    [Fact]
    public async Task QueryAsync_CountsVandalismBeyondTenDaysAsOutage_WhenTheCapIsSet()
    {
        // March: 31 days = 44,640 minutes; down 12 days (17,280 minutes), all under one vandalism exclusion.
        await MinuteFixture.InsertAsync(_db, "CP-V", 2, "2026-03-01T00:00Z", "2026-04-01T00:00Z", "2026-03-05T00:00Z", "2026-03-17T00:00Z");
        await new ExclusionStore(_db.DataSource).AddAsync(
            Exclusion.ForCharger("CP-V", Utc("2026-03-04T00:00Z"), Utc("2026-03-20T00:00Z"), ExclusionReasons.Vandalism));
        var caps = new ExclusionCaps { VandalismPerIncident = TimeSpan.FromDays(10) };

        var capped = Month(await UptimeReport.QueryAsync(_db.DataSource, Utc("2026-03-01T00:00Z"), Utc("2026-04-01T00:00Z"), caps), "2026-03");
        var uncapped = Month(await UptimeReport.QueryAsync(_db.DataSource, Utc("2026-03-01T00:00Z"), Utc("2026-04-01T00:00Z")), "2026-03");

        // The exclusion starts a day before the outage: its 10 days end on 14 March, so 9 days
        // (12,960 minutes) are excused and 3 days (4,320 minutes) count: (44,640 − 4,320) / 44,640.
        Assert.Equal(17_280, capped.OutageMinutes);
        Assert.Equal(12_960, capped.ExcludedMinutes);
        Assert.Equal(90.323, capped.UptimePercent, 3);
        Assert.Equal(17_280, uncapped.ExcludedMinutes);
        Assert.Equal(100, uncapped.UptimePercent);
    }

    [Fact]
    public async Task QueryAsync_ExcusesAtMost72HoursOfMaintenancePerYear_WhenTheCapIsSet()
    {
        // Two 50-hour maintenance outages in April (30 days = 43,200 minutes): 100 hours down, 72 excused.
        await MinuteFixture.InsertAsync(_db, "CP-M", 1, "2026-04-01T00:00Z", "2026-05-01T00:00Z", "2026-04-02T00:00Z", "2026-04-04T02:00Z");
        await _db.ExecuteAsync("UPDATE connector_minute SET up_ms = 0, down_ms = 60000 WHERE cp = 'CP-M' AND minute >= '2026-04-20T00:00Z' AND minute < '2026-04-22T02:00Z'");
        var store = new ExclusionStore(_db.DataSource);
        await store.AddAsync(Exclusion.ForPort("CP-M", 1, Utc("2026-04-02T00:00Z"), Utc("2026-04-04T02:00Z"), ExclusionReasons.Maintenance));
        await store.AddAsync(Exclusion.ForPort("CP-M", 1, Utc("2026-04-20T00:00Z"), Utc("2026-04-22T02:00Z"), ExclusionReasons.Maintenance));

        var april = Month(await UptimeReport.QueryAsync(_db.DataSource, Utc("2026-04-01T00:00Z"), Utc("2026-05-01T00:00Z"),
            new ExclusionCaps { MaintenancePerYear = TimeSpan.FromHours(72) }), "2026-04");

        Assert.Equal(6_000, april.OutageMinutes);
        Assert.Equal(4_320, april.ExcludedMinutes);
        // (43,200 − 1,680) / 43,200 × 100 = 96.111 %
        Assert.Equal(96.111, april.UptimePercent, 3);
    }

    [Fact]
    public async Task QueryAsync_SplitsAnOutageAtTheMonthBoundary_AndLeavesUnknownTimeOutOfT()
    {
        // Data for 31 January and 1 February only; down from 23:00 to 01:00 across midnight.
        await MinuteFixture.InsertAsync(_db, "CP-B", 1, "2026-01-31T00:00Z", "2026-02-02T00:00Z", "2026-01-31T23:00Z", "2026-02-01T01:00Z");
        await _db.ExecuteAsync("UPDATE connector_minute SET up_ms = 0, unknown_ms = 60000 WHERE cp = 'CP-B' AND minute >= '2026-02-01T12:00Z' AND minute < '2026-02-01T18:00Z'");

        var rows = await UptimeReport.QueryAsync(_db.DataSource, Utc("2026-01-01T00:00Z"), Utc("2026-03-01T00:00Z"));

        var january = Month(rows, "2026-01");
        Assert.Equal(1_440, january.ObservedMinutes);
        Assert.Equal(60, january.OutageMinutes);
        Assert.Equal(Utc("2026-01-31T00:00Z").ToUnixTimeMilliseconds(), january.PeriodStartMs);
        Assert.Equal(Utc("2026-02-01T00:00Z").ToUnixTimeMilliseconds(), january.PeriodEndMs);
        var february = Month(rows, "2026-02");
        // Six hours unknown: T = 1,440 − 360 = 1,080; (1,080 − 60) / 1,080 × 100 = 94.444 %
        Assert.Equal(1_080, february.ObservedMinutes);
        Assert.Equal(94.444, february.UptimePercent, 3);
        // The trailing twelve months ending in February hold both days.
        var trailing = Assert.Single(rows, r => r.ReportYearMonth == "2026-02-ttm");
        Assert.Equal(2_520, trailing.ObservedMinutes);
        Assert.Equal(120, trailing.OutageMinutes);
        Assert.Equal(Utc("2025-03-01T00:00Z").ToUnixTimeMilliseconds(), trailing.PeriodStartMs);
    }

    [Fact]
    public async Task QueryAsync_Refuses_WhenToIsNotAfterFrom()
    {
        await Assert.ThrowsAsync<ArgumentException>(() =>
            UptimeReport.QueryAsync(_db.DataSource, Utc("2026-02-01T00:00Z"), Utc("2026-01-01T00:00Z")));
    }

    private static UptimeRow Month(IReadOnlyList<UptimeRow> rows, string month) => Assert.Single(rows, r => r.ReportYearMonth == month);

    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
}
