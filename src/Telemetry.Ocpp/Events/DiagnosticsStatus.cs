namespace Telemetry.Ocpp.Events;

/// <summary>1.6 DiagnosticsStatus (DiagnosticsStatusNotification). Values are stable: they are encoded on the wire.</summary>
public enum DiagnosticsStatus : byte
{
    None = 0,
    Idle = 1,
    Uploaded = 2,
    UploadFailed = 3,
    Uploading = 4,
    /// <summary>A string outside the vocabulary of the field.</summary>
    Unrecognised = 255,
}
