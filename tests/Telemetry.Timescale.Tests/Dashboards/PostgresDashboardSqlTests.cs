namespace Telemetry.Timescale.Tests.Dashboards;

/// <summary>The dashboard queries on Debian's PostgreSQL (ops/test.sh, TELEMETRY_TEST_PG).</summary>
public sealed class PostgresDashboardSqlTests(PostgresDashboardDatabase database) : DashboardSqlTests<PostgresDashboardDatabase>(database);
