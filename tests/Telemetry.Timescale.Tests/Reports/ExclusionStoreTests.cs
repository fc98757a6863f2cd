using Telemetry.Testing;
using Telemetry.Timescale.Exclusions;
using Telemetry.Timescale.Migrations;

namespace Telemetry.Timescale.Tests.Reports;

public sealed class ExclusionStoreTests : IAsyncLifetime
{
    private ThrowawayDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _db = await ThrowawayDatabase.CreateAsync();
        await new MigrationRunner(_db.DataSource).RunAsync();
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task AddListRemove_RoundTripsEveryScope()
    {
        var store = new ExclusionStore(_db.DataSource);
        var from = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
        var port = await store.AddAsync(Exclusion.ForPort("CP-1", 2, from, from.AddHours(5), ExclusionReasons.Maintenance, "WO-17"));
        var charger = await store.AddAsync(Exclusion.ForCharger("CP-2", from.AddDays(1), from.AddDays(2), ExclusionReasons.Vandalism));
        var site = await store.AddAsync(Exclusion.ForSite("S-1", from.AddDays(3), from.AddDays(4), ExclusionReasons.Disaster));

        var all = await store.ListAsync();
        Assert.Equal([port, charger, site], all.Select(e => e.Id));
        Assert.Equal(Exclusion.ForPort("CP-1", 2, from, from.AddHours(5), ExclusionReasons.Maintenance, "WO-17") with { Id = port }, all[0]);
        Assert.Equal("CP-1/2", all[0].Target);
        Assert.Equal("site S-1", all[2].Target);
        Assert.Equal([charger], (await store.ListAsync(from.AddDays(1), from.AddDays(2))).Select(e => e.Id));

        Assert.True(await store.RemoveAsync(charger));
        Assert.False(await store.RemoveAsync(charger));
        Assert.Equal([port, site], (await store.ListAsync()).Select(e => e.Id));
    }

    [Fact]
    public async Task AddAsync_Refuses_AnEmptyPeriodOrAnUnknownReason()
    {
        var store = new ExclusionStore(_db.DataSource);
        var at = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

        await Assert.ThrowsAsync<ArgumentException>(() => store.AddAsync(Exclusion.ForCharger("CP-1", at, at, ExclusionReasons.Hours)));
        await Assert.ThrowsAsync<ArgumentException>(() => store.AddAsync(Exclusion.ForCharger("CP-1", at, at.AddHours(1), "weather")));
        Assert.Empty(await store.ListAsync());
    }
}
