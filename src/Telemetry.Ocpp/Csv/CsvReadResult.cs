namespace Telemetry.Ocpp.Csv;

/// <summary>What one pass over a CSMS log export saw; <paramref name="Rows"/> excludes the header and blank lines.</summary>
public readonly record struct CsvReadResult(long Rows, long Rejected, long Bytes);
