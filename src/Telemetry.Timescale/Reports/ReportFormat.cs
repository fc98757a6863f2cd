namespace Telemetry.Timescale.Reports;

/// <summary>Output forms of <c>telemetry report</c>.</summary>
public enum ReportFormat
{
    /// <summary>Aligned columns for a terminal.</summary>
    Table,

    /// <summary>RFC 4180 CSV with a header line.</summary>
    Csv,

    /// <summary>A JSON array of objects keyed by column name.</summary>
    Json,
}
