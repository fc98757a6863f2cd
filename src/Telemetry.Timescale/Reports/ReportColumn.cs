namespace Telemetry.Timescale.Reports;

/// <summary>One column of a report: its header name and how JSON writes its values.</summary>
public readonly record struct ReportColumn(string Name, ColumnKind Kind = ColumnKind.Text);
