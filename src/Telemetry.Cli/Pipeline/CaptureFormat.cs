namespace Telemetry.Cli.Pipeline;

/// <summary>The input formats a capture can come in.</summary>
internal enum CaptureFormat
{
    /// <summary>The tap stream of DESIGN §2.1: JSON Lines, one OCPP frame per record.</summary>
    Tap,

    /// <summary>A CSMS log export: CSV with columns timestamp, id, action, msg.</summary>
    Csv,
}
