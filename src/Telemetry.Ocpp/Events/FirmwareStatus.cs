namespace Telemetry.Ocpp.Events;

/// <summary>Union of 1.6 FirmwareStatus, 1.6 security extension and 2.0.1 FirmwareStatusEnumType. Values are stable: they are encoded on the wire.</summary>
public enum FirmwareStatus : byte
{
    None = 0,
    Downloaded = 1,
    DownloadFailed = 2,
    Downloading = 3,
    Idle = 4,
    InstallationFailed = 5,
    Installing = 6,
    Installed = 7,
    DownloadScheduled = 8,
    DownloadPaused = 9,
    InstallRebooting = 10,
    InstallScheduled = 11,
    InstallVerificationFailed = 12,
    InvalidSignature = 13,
    SignatureVerified = 14,
    /// <summary>A string outside the vocabulary of the field.</summary>
    Unrecognised = 255,
}
