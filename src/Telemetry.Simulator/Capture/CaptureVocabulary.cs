namespace Telemetry.Simulator.Capture;

/// <summary>OCPP enumeration values the simulator writes, as UTF-8 (names from the 1.6 and 2.0.1 schemas).</summary>
internal static class CaptureVocabulary
{
    public const int FaultCodeCount = 5;

    public const int StopReasonCount = 2;

    /// <summary>1.6 ChargePointErrorCode of a faulted connector.</summary>
    public static ReadOnlySpan<byte> FaultErrorCode(int index) => index switch
    {
        0 => "GroundFailure"u8,
        1 => "ConnectorLockFailure"u8,
        2 => "HighTemperature"u8,
        3 => "OverCurrentFailure"u8,
        _ => "PowerSwitchFailure"u8,
    };

    /// <summary>The vendor's own code reported with <see cref="FaultErrorCode"/>.</summary>
    public static ReadOnlySpan<byte> FaultVendorCode(int index) => index switch
    {
        0 => "E101"u8,
        1 => "E214"u8,
        2 => "E330"u8,
        3 => "E412"u8,
        _ => "E507"u8,
    };

    /// <summary>
    /// Stop reason, valid both as 1.6 Reason and 2.0.1 ReasonEnumType. Ordinary sessions draw from
    /// the first <see cref="StopReasonCount"/>; the others end sessions abnormally.
    /// </summary>
    public static ReadOnlySpan<byte> StopReason(int index) => index switch
    {
        0 => "Local"u8,
        1 => "EVDisconnected"u8,
        2 => "PowerLoss"u8,
        3 => "EmergencyStop"u8,
        _ => "Other"u8,
    };

    public const int AbnormalStopReasonCount = 4;

    /// <summary>Index in <see cref="StopReason"/> of the i-th abnormal reason (EVDisconnected, PowerLoss, EmergencyStop, Other).</summary>
    public static int AbnormalStopReason(int i) => 1 + i;

    /// <summary>The 2.0.1 triggerReason that goes with <see cref="StopReason"/>.</summary>
    public static ReadOnlySpan<byte> StopTrigger(int index) => index switch
    {
        0 => "StopAuthorized"u8,
        1 => "EVDeparted"u8,
        _ => "AbnormalCondition"u8,
    };

    public const int AuthAccepted = 0;
    public const int AuthInvalid = 1;
    public const int AuthBlocked = 2;

    /// <summary>2.0.1 only: the CSMS could not tell (its authorisation backend did not answer).</summary>
    public const int AuthUnknown = 3;

    /// <summary>1.6 AuthorizationStatus / 2.0.1 AuthorizationStatusEnumType.</summary>
    public static ReadOnlySpan<byte> AuthStatus(int index) => index switch
    {
        AuthInvalid => "Invalid"u8,
        AuthBlocked => "Blocked"u8,
        AuthUnknown => "Unknown"u8,
        _ => "Accepted"u8,
    };

    public const int AlarmCodeCount = 3;

    /// <summary>1.6 ChargePointErrorCode of an alarm that does not stop charging, reported with the port's status.</summary>
    public static ReadOnlySpan<byte> AlarmErrorCode(int index) => index switch
    {
        0 => "OverVoltage"u8,
        1 => "UnderVoltage"u8,
        _ => "EVCommunicationError"u8,
    };

    /// <summary>The vendor's code of <see cref="AlarmErrorCode"/>; also the 2.0.1 NotifyEvent techCode.</summary>
    public static ReadOnlySpan<byte> AlarmVendorCode(int index) => index switch
    {
        0 => "V-201"u8,
        1 => "V-202"u8,
        _ => "C-310"u8,
    };

    /// <summary>The 2.0.1 device-model variable of <see cref="AlarmErrorCode"/> on the Connector component.</summary>
    public static ReadOnlySpan<byte> AlarmVariable(int index) => index switch
    {
        0 => "OverVoltage"u8,
        1 => "UnderVoltage"u8,
        _ => "Problem"u8,
    };

    public const int FirmwareDownloading = 0;
    public const int FirmwareDownloaded = 1;
    public const int FirmwareInstalling = 2;
    public const int FirmwareInstalled = 3;
    public const int FirmwareInstallationFailed = 4;
    public const int FirmwareDownloadFailed = 5;

    /// <summary>2.0.1 only.</summary>
    public const int FirmwareInstallVerificationFailed = 6;

    /// <summary>2.0.1 only.</summary>
    public const int FirmwareInvalidSignature = 7;

    /// <summary>1.6 FirmwareStatus / 2.0.1 FirmwareStatusEnumType.</summary>
    public static ReadOnlySpan<byte> FirmwareStatus(int index) => index switch
    {
        FirmwareDownloading => "Downloading"u8,
        FirmwareDownloaded => "Downloaded"u8,
        FirmwareInstalling => "Installing"u8,
        FirmwareInstalled => "Installed"u8,
        FirmwareInstallationFailed => "InstallationFailed"u8,
        FirmwareDownloadFailed => "DownloadFailed"u8,
        FirmwareInstallVerificationFailed => "InstallVerificationFailed"u8,
        _ => "InvalidSignature"u8,
    };

    /// <summary>2.0.1 BootReasonEnumType, indexed as in <see cref="Faults.BootReasons"/>.</summary>
    public static ReadOnlySpan<byte> BootReason(int index) => index switch
    {
        Faults.BootReasons.Watchdog => "Watchdog"u8,
        Faults.BootReasons.RemoteReset => "RemoteReset"u8,
        _ => "PowerUp"u8,
    };

    public static ReadOnlySpan<byte> StatusName(PortStatus status) => status switch
    {
        PortStatus.Available => "Available"u8,
        PortStatus.Preparing => "Preparing"u8,
        PortStatus.Charging => "Charging"u8,
        PortStatus.Finishing => "Finishing"u8,
        PortStatus.Occupied => "Occupied"u8,
        PortStatus.Unavailable => "Unavailable"u8,
        _ => "Faulted"u8,
    };
}
