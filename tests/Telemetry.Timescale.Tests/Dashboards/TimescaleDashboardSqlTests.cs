namespace Telemetry.Timescale.Tests.Dashboards;

/// <summary>The dashboard queries on the TimescaleDB test server (ops/test.sh, TELEMETRY_TEST_TSDB), where Grafana reads in production.</summary>
public sealed class TimescaleDashboardSqlTests(TimescaleDashboardDatabase database) : DashboardSqlTests<TimescaleDashboardDatabase>(database);
