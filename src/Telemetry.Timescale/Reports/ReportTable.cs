namespace Telemetry.Timescale.Reports;

/// <summary>
/// A report as text cells, formatted once so that every output form shows the same figures;
/// an empty cell means "not known" (JSON null).
/// </summary>
public sealed class ReportTable
{
    public ReportTable(params ReportColumn[] columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        Columns = columns;
    }

    public IReadOnlyList<ReportColumn> Columns { get; }

    public List<string[]> Rows { get; } = [];

    /// <exception cref="ArgumentException">The row does not have one cell per column.</exception>
    public void Add(params string[] cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        if (cells.Length != Columns.Count)
        {
            throw new ArgumentException($"A row needs {Columns.Count} cells, got {cells.Length}.", nameof(cells));
        }

        Rows.Add(cells);
    }
}
