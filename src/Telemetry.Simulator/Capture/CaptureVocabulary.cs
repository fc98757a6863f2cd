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

    /// <summary>Stop reason, valid both as 1.6 Reason and 2.0.1 ReasonEnumType.</summary>
    public static ReadOnlySpan<byte> StopReason(int index) => index == 0 ? "Local"u8 : "EVDisconnected"u8;

    /// <summary>The 2.0.1 triggerReason that goes with <see cref="StopReason"/>.</summary>
    public static ReadOnlySpan<byte> StopTrigger(int index) => index == 0 ? "StopAuthorized"u8 : "EVDeparted"u8;

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
        _ => "Faulted"u8,
    };
}
