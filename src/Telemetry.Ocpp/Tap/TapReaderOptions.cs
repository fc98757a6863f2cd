namespace Telemetry.Ocpp.Tap;

/// <summary>Limits for reading a tap stream.</summary>
public sealed class TapReaderOptions
{
    /// <summary>A record longer than this is rejected as a whole (its line skipped), not buffered.</summary>
    public int MaxRecordBytes { get; set; } = 64 * 1024;
}
