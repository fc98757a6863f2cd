namespace Telemetry.Timescale.Reports;

/// <summary>How a report column is written as JSON: a string, a bare number or a bare boolean.</summary>
public enum ColumnKind
{
    Text,
    Number,
    Boolean,
}
