using Npgsql;
using Telemetry.Testing;

namespace Telemetry.Timescale.Tests.Sink;

/// <summary><see cref="HourCloseTests"/> on the TimescaleDB test server (continuous aggregates: the views alone are checked).</summary>
public sealed class TimescaleHourCloseTests : HourCloseTests
{
    private ThrowawayTimescale _db = null!;

    protected override async Task<NpgsqlDataSource> OpenAsync()
    {
        _db = await ThrowawayTimescale.CreateAsync();
        return _db.DataSource;
    }

    protected override Task CloseAsync() => _db.DisposeAsync().AsTask();
}
