using Telemetry.Testing;
using Telemetry.Timescale.Exclusions;
using Telemetry.Timescale.Migrations;
using Telemetry.Timescale.Reports;

namespace Telemetry.Timescale.Tests.Reports;

/// <summary>The outage and 15-minute availability reports against hand-made rows.</summary>
public sealed class IntervalReportsTests : IAsyncLifetime
{
    private ThrowawayDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _db = await ThrowawayDatabase.CreateAsync();
        await new MigrationRunner(_db.DataSource).RunAsync();
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task AvailabilityReport_SumsEachQuarterHour_AndCountsMissingMinutesAsUnknown()
    {
        // 10:00-10:30 known; down 10:10-10:16; nothing after 10:30 until 10:40-10:45.
        await MinuteFixture.InsertAsync(_db, "CP-1", 1, "2026-03-01T10:00Z", "2026-03-01T10:30Z", "2026-03-01T10:10Z", "2026-03-01T10:16Z");
        await MinuteFixture.InsertAsync(_db, "CP-1", 1, "2026-03-01T10:40Z", "2026-03-01T10:45Z");

        var table = await AvailabilityReport.QueryAsync(_db.DataSource, At("2026-03-01T00:00Z"), At("2026-03-02T00:00Z"), TimeSpan.FromMinutes(15));

        Assert.Equal(3, table.Rows.Count);
        // 10:00-10:15: 10 up, 5 down → 66.67 %; 10:15-10:30: 14 up, 1 down → 93.33 %; 10:30-10:45: 5 up, 10 unknown.
        Assert.Equal(["CP-1", "1", "2026-03-01T10:00:00.000Z", "2026-03-01T10:15:00.000Z", "10.00", "5.00", "0.00", "66.67"], table.Rows[0]);
        Assert.Equal(["14.00", "1.00", "0.00", "93.33"], table.Rows[1][4..]);
        Assert.Equal(["2026-03-01T10:30:00.000Z", "5.00", "0.00", "10.00", "100.00"], [table.Rows[2][2], .. table.Rows[2][4..]]);
    }

    [Fact]
    public async Task OutageReport_ListsOverlappingOutages_WithDurationAndExemption()
    {
        await _db.ExecuteAsync("""
            INSERT INTO outages (cp, port, start_time, end_time, cause) VALUES
              ('CP-1', 1, '2026-03-01T10:00Z', '2026-03-01T10:45Z', 'Faulted'),
              ('CP-2', 1, '2026-03-01T11:00Z', NULL, 'offline'),
              ('CP-3', 1, '2026-02-01T00:00Z', '2026-02-01T01:00Z', 'Faulted');
            INSERT INTO inventory (cp, site) VALUES ('CP-2', 'S-1');
            """);
        await new ExclusionStore(_db.DataSource).AddAsync(Exclusion.ForSite("S-1", At("2026-03-01T11:30Z"), At("2026-03-01T12:00Z"), ExclusionReasons.Utility));

        var table = await OutageReport.QueryAsync(_db.DataSource, At("2026-03-01T00:00Z"), At("2026-03-01T12:00Z"));

        Assert.Equal(2, table.Rows.Count);
        Assert.Equal(["O-000001", "1", "CP-1", "2026-03-01T10:00:00.000Z", "2026-03-01T10:45:00.000Z", "45.00", "Faulted", "false"], table.Rows[0]);
        // Still open: its duration runs to the end of the period; the site's exclusion overlaps it.
        Assert.Equal(["O-000002", "1", "CP-2", "2026-03-01T11:00:00.000Z", "", "60.00", "offline", "true"], table.Rows[1]);
    }

    [Fact]
    public async Task SessionReport_GivesThe680112Fields_OfSessionsStartedInThePeriod()
    {
        await _db.ExecuteAsync("""
            INSERT INTO sessions (session_id, cp, port, start_time, end_time, energy_kwh, peak_kw, stop_reason, auth_status, auth_method, error_codes, successful) VALUES
              ('17', 'CP-1', 2, '2026-03-01T10:00Z', '2026-03-01T10:40Z', 21.5, 62.25, 'EVDisconnected', 'Accepted', NULL, '{}', true),
              ('18', 'CP-1', 2, '2026-03-01T11:00Z', '2026-03-01T11:02Z', NULL, NULL, 'Other', 'Accepted', NULL, '{GroundFailure,OverCurrentFailure}', false),
              ('19', 'CP-1', 2, '2026-03-02T11:00Z', NULL, NULL, NULL, NULL, NULL, NULL, '{}', NULL);
            """);

        var table = await SessionReport.QueryAsync(_db.DataSource, At("2026-03-01T00:00Z"), At("2026-03-02T00:00Z"));

        Assert.Equal(2, table.Rows.Count);
        Assert.Equal(["17", "CP-1", "2", "2026-03-01T10:00:00.000Z", "2026-03-01T10:40:00.000Z", "21.500", "62.250", "EVDisconnected", "Accepted", "", "", "true"], table.Rows[0]);
        Assert.Equal(["", "", "Other", "Accepted", "", "GroundFailure;OverCurrentFailure", "false"], table.Rows[1][5..]);
    }

    private static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
}
