namespace Telemetry.Cli.Pipeline;

/// <summary>A snapshot of a running replay, reported about once a second.</summary>
internal readonly record struct ReplayProgress(long BytesRead, long BytesTotal, long Ingested, long Rejected, long Processed, TimeSpan Elapsed);
