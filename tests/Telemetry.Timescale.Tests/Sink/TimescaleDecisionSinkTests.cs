using Npgsql;
using Telemetry.Testing;

namespace Telemetry.Timescale.Tests.Sink;

/// <summary><see cref="DecisionSinkTests"/> on the TimescaleDB test server (hypertables <c>incident_events</c>, <c>commands</c>).</summary>
public sealed class TimescaleDecisionSinkTests : DecisionSinkTests
{
    private ThrowawayTimescale _db = null!;

    protected override async Task<NpgsqlDataSource> OpenAsync()
    {
        _db = await ThrowawayTimescale.CreateAsync();
        return _db.DataSource;
    }

    protected override Task CloseAsync() => _db.DisposeAsync().AsTask();
}
