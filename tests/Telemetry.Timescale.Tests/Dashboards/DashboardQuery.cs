namespace Telemetry.Timescale.Tests.Dashboards;

/// <summary>One query of a dashboard panel, named for test output.</summary>
public sealed record DashboardQuery(string Dashboard, string Panel, string RefId, string Text)
{
    public override string ToString() => $"{Dashboard} / {Panel} / {RefId}";
}
