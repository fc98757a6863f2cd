namespace Telemetry.Engine.Uptime;

/// <summary>
/// One row of the uptime table (DESIGN §2.3 <c>uptime.csv</c>): a port's uptime over a calendar
/// month, or over the whole input when <see cref="Month"/> is null.
/// </summary>
/// <param name="PeriodStartMs">Start of the observed part of the period, Unix ms.</param>
/// <param name="PeriodEndMs">End of the observed part of the period, Unix ms.</param>
/// <param name="Month">UTC month as <c>yyyy-MM</c>, or null for the whole input.</param>
/// <param name="OutageMinutes">Minutes down (offline included).</param>
/// <param name="ExcludedMinutes">Minutes of outage excluded under 23 CFR 680.116(b).</param>
/// <param name="ObservedMinutes">T: minutes with a known state in the period.</param>
public sealed record PortUptime(
    string ChargePoint,
    ushort Port,
    long PeriodStartMs,
    long PeriodEndMs,
    string? Month,
    double OutageMinutes,
    double ExcludedMinutes,
    double ObservedMinutes)
{
    /// <summary>23 CFR 680.116(b): µ = (T − (T_outage − T_excluded)) / T × 100.</summary>
    public double UptimePercent =>
        ObservedMinutes <= 0 ? 0 : (ObservedMinutes - (OutageMinutes - ExcludedMinutes)) / ObservedMinutes * 100;
}
