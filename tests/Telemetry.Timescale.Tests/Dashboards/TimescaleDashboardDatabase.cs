using Npgsql;
using Telemetry.Testing;

namespace Telemetry.Timescale.Tests.Dashboards;

/// <summary><see cref="DashboardDatabase"/> on the TimescaleDB test server: hypertables, and continuous aggregates behind the views when its licence allows.</summary>
public sealed class TimescaleDashboardDatabase : DashboardDatabase
{
    private ThrowawayTimescale? _db;

    public override async Task DisposeAsync()
    {
        if (_db is not null)
        {
            await _db.DisposeAsync();
        }
    }

    protected override async Task<NpgsqlDataSource> CreateAsync()
    {
        _db = await ThrowawayTimescale.CreateAsync();
        return _db.DataSource;
    }
}
