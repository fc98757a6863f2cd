using Npgsql;
using Telemetry.Testing;

namespace Telemetry.Timescale.Tests.Dashboards;

/// <summary><see cref="DashboardDatabase"/> on Debian's PostgreSQL: plain rollup tables behind the views.</summary>
public sealed class PostgresDashboardDatabase : DashboardDatabase
{
    private ThrowawayDatabase? _db;

    public override async Task DisposeAsync()
    {
        if (_db is not null)
        {
            await _db.DisposeAsync();
        }
    }

    protected override async Task<NpgsqlDataSource> CreateAsync()
    {
        _db = await ThrowawayDatabase.CreateAsync();
        return _db.DataSource;
    }
}
