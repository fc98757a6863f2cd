namespace Telemetry.Timescale.Reports;

/// <summary>
/// One row of the uptime report (DESIGN §2.3 <c>uptime.csv</c> columns): a port's NEVI uptime
/// over a calendar month, or over the twelve months ending with it.
/// </summary>
/// <param name="ReportYearMonth"><c>yyyy-MM</c> for the month, <c>yyyy-MM-ttm</c> for the trailing twelve months ending with it.</param>
/// <param name="PeriodStartMs">Month rows: first observed minute; trailing rows: start of the twelve months. Unix ms.</param>
/// <param name="PeriodEndMs">Month rows: end of the last observed minute; trailing rows: end of the month or of the report. Unix ms.</param>
/// <param name="ObservedMinutes">T: minutes whose state was known (up or down).</param>
/// <param name="OutageMinutes">Minutes down, offline included.</param>
/// <param name="ExcludedMinutes">Outage minutes covered by exclusions, within their caps.</param>
public sealed record UptimeRow(
    string StationId,
    short PortId,
    long PeriodStartMs,
    long PeriodEndMs,
    string ReportYearMonth,
    double ObservedMinutes,
    double OutageMinutes,
    double ExcludedMinutes)
{
    /// <summary>Suffix of <see cref="ReportYearMonth"/> on trailing-twelve-month rows.</summary>
    public const string TrailingSuffix = "-ttm";

    /// <summary>23 CFR 680.116(b): µ = (T − (T_outage − T_excluded)) / T × 100.</summary>
    public double UptimePercent =>
        ObservedMinutes <= 0 ? 0 : (ObservedMinutes - (OutageMinutes - ExcludedMinutes)) / ObservedMinutes * 100;
}
