using Npgsql;
using Telemetry.Testing;

namespace Telemetry.Timescale.Tests.Sink;

/// <summary><see cref="HourCloseTests"/> on PostgreSQL without TimescaleDB.</summary>
public sealed class PostgresHourCloseTests : HourCloseTests
{
    private ThrowawayDatabase _db = null!;

    protected override async Task<NpgsqlDataSource> OpenAsync()
    {
        _db = await ThrowawayDatabase.CreateAsync();
        return _db.DataSource;
    }

    protected override Task CloseAsync() => _db.DisposeAsync().AsTask();
}
