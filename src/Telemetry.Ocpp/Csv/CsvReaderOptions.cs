namespace Telemetry.Ocpp.Csv;

/// <summary>Limits for reading a CSMS log export.</summary>
public sealed class CsvReaderOptions
{
    /// <summary>A row (or the header) longer than this is rejected as a whole (its line skipped), not buffered.</summary>
    public int MaxRecordBytes { get; set; } = 64 * 1024;
}
