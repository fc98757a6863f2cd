using Telemetry.Ocpp.Events;

namespace Telemetry.Ocpp.Frames;

/// <summary>
/// Maps OCPP names, as UTF-8 bytes, to the engine's enums without making strings. Each table
/// lists the names in the order of its enum (value = index + 1); names outside a vocabulary map
/// to the enum's Unrecognised value (255), so a new firmware's string is kept as "something else"
/// rather than rejecting the record.
/// </summary>
public static class OcppVocabulary
{
    private const byte Unrecognised = 255;

    private static readonly NameTable s_actions = new(
        "BootNotification", "Heartbeat", "StatusNotification", "StartTransaction", "StopTransaction", "MeterValues",
        "Authorize", "DataTransfer", "DiagnosticsStatusNotification", "FirmwareStatusNotification",
        "SignedFirmwareStatusNotification", "SecurityEventNotification", "TransactionEvent", "NotifyEvent", "Reset",
        "RemoteStartTransaction", "RemoteStopTransaction", "ChangeAvailability", "TriggerMessage", "UnlockConnector",
        "RequestStartTransaction", "RequestStopTransaction");

    private static readonly NameTable s_errors = new(
        "NoError", "ConnectorLockFailure", "EVCommunicationError", "GroundFailure", "HighTemperature", "InternalError",
        "LocalListConflict", "OtherError", "OverCurrentFailure", "OverVoltage", "PowerMeterFailure", "PowerSwitchFailure",
        "ReaderFailure", "ResetFailure", "UnderVoltage", "WeakSignal");

    private static readonly NameTable s_registration = new("Accepted", "Pending", "Rejected");

    private static readonly NameTable s_bootReasons = new(
        "ApplicationReset", "FirmwareUpdate", "LocalReset", "PowerUp", "RemoteReset", "ScheduledReset", "Triggered",
        "Unknown", "Watchdog");

    private static readonly NameTable s_stopReasons = new(
        "DeAuthorized", "EmergencyStop", "EVDisconnected", "HardReset", "Local", "Other", "PowerLoss", "Reboot", "Remote",
        "SoftReset", "UnlockCommand", "EnergyLimitReached", "GroundFault", "ImmediateReset", "LocalOutOfCredit",
        "MasterPass", "OvercurrentFault", "PowerQuality", "SOCLimitReached", "StoppedByEV", "TimeLimitReached", "Timeout");

    private static readonly NameTable s_triggerReasons = new(
        "Authorized", "CablePluggedIn", "ChargingRateChanged", "ChargingStateChanged", "Deauthorized",
        "EnergyLimitReached", "EVCommunicationLost", "EVConnectTimeout", "MeterValueClock", "MeterValuePeriodic",
        "TimeLimitReached", "Trigger", "UnlockCommand", "StopAuthorized", "EVDeparted", "EVDetected", "RemoteStop",
        "RemoteStart", "AbnormalCondition", "SignedDataReceived", "ResetCommand");

    private static readonly NameTable s_authorization = new(
        "Accepted", "Blocked", "Expired", "Invalid", "ConcurrentTx", "NoCredit", "NotAllowedTypeEVSE",
        "NotAtThisLocation", "NotAtThisTime", "Unknown");

    private static readonly NameTable s_resetTypes = new("Soft", "Hard", "Immediate", "OnIdle");

    private static readonly NameTable s_commandStatuses = new(
        "Accepted", "Rejected", "Scheduled", "NotImplemented", "Unlocked", "UnlockFailed", "NotSupported",
        "OngoingAuthorizedTransaction", "UnknownConnector");

    private static readonly NameTable s_firmware = new(
        "Downloaded", "DownloadFailed", "Downloading", "Idle", "InstallationFailed", "Installing", "Installed",
        "DownloadScheduled", "DownloadPaused", "InstallRebooting", "InstallScheduled", "InstallVerificationFailed",
        "InvalidSignature", "SignatureVerified");

    private static readonly NameTable s_diagnostics = new("Idle", "Uploaded", "UploadFailed", "Uploading");

    private static readonly NameTable s_measurands = new(
        "Energy.Active.Import.Register", "Power.Active.Import", "Power.Offered", "SoC", "Temperature");

    private static readonly NameTable s_callErrors = new(
        "NotImplemented", "NotSupported", "InternalError", "ProtocolError", "SecurityError", "FormatViolation",
        "PropertyConstraintViolation", "OccurrenceConstraintViolation", "TypeConstraintViolation", "GenericError",
        "MessageTypeNotSupported", "RpcFrameworkError");

    private static readonly NameTable s_alertTriggers = new("Alerting", "Delta", "Periodic");

    private static readonly NameTable s_availability = new("Operative", "Inoperative");

    public static OcppAction Action(ReadOnlySpan<byte> name) => (OcppAction)s_actions.Find(name, (byte)OcppAction.Unknown);

    /// <summary>The command a CSMS CALL sends, or <see cref="CommandAction.Other"/>.</summary>
    public static CommandAction Command(OcppAction action) => action switch
    {
        OcppAction.Reset => CommandAction.Reset,
        OcppAction.RemoteStartTransaction => CommandAction.RemoteStartTransaction,
        OcppAction.RemoteStopTransaction => CommandAction.RemoteStopTransaction,
        OcppAction.ChangeAvailability => CommandAction.ChangeAvailability,
        OcppAction.TriggerMessage => CommandAction.TriggerMessage,
        OcppAction.UnlockConnector => CommandAction.UnlockConnector,
        OcppAction.RequestStartTransaction => CommandAction.RequestStartTransaction,
        OcppAction.RequestStopTransaction => CommandAction.RequestStopTransaction,
        _ => CommandAction.Other,
    };

    /// <summary>1.6 ChargePointStatus and 2.0.1 ConnectorStatusEnumType share one enum.</summary>
    public static ConnectorStatus Status(ReadOnlySpan<byte> name) => name.Length switch
    {
        7 when name.SequenceEqual("Faulted"u8) => ConnectorStatus.Faulted,
        8 when name.SequenceEqual("Charging"u8) => ConnectorStatus.Charging,
        8 when name.SequenceEqual("Reserved"u8) => ConnectorStatus.Reserved,
        8 when name.SequenceEqual("Occupied"u8) => ConnectorStatus.Occupied,
        9 when name.SequenceEqual("Available"u8) => ConnectorStatus.Available,
        9 when name.SequenceEqual("Preparing"u8) => ConnectorStatus.Preparing,
        9 when name.SequenceEqual("Finishing"u8) => ConnectorStatus.Finishing,
        11 when name.SequenceEqual("Unavailable"u8) => ConnectorStatus.Unavailable,
        11 when name.SequenceEqual("SuspendedEV"u8) => ConnectorStatus.SuspendedEV,
        13 when name.SequenceEqual("SuspendedEVSE"u8) => ConnectorStatus.SuspendedEVSE,
        _ => ConnectorStatus.None,
    };

    /// <summary>
    /// 2.0.1 ChargingStateEnumType told in connector terms: Charging, SuspendedEV and SuspendedEVSE
    /// as such, EVConnected as Occupied (plugged in, not charging), Idle as Available.
    /// </summary>
    public static ConnectorStatus ChargingState(ReadOnlySpan<byte> name) =>
        name.SequenceEqual("EVConnected"u8) ? ConnectorStatus.Occupied
        : name.SequenceEqual("Idle"u8) ? ConnectorStatus.Available
        : Status(name);

    /// <summary>1.6 ChargePointErrorCode; strings outside it are kept as <see cref="ErrorCode.Unrecognised"/>.</summary>
    public static ErrorCode Error(ReadOnlySpan<byte> name) => (ErrorCode)s_errors.Find(name, Unrecognised);

    public static RegistrationStatus Registration(ReadOnlySpan<byte> name) =>
        (RegistrationStatus)s_registration.Find(name, (byte)RegistrationStatus.None);

    public static BootReason BootReason(ReadOnlySpan<byte> name) => (BootReason)s_bootReasons.Find(name, Unrecognised);

    public static StopReason StopReason(ReadOnlySpan<byte> name) => (StopReason)s_stopReasons.Find(name, Unrecognised);

    public static TriggerReason TriggerReason(ReadOnlySpan<byte> name) => (TriggerReason)s_triggerReasons.Find(name, Unrecognised);

    public static AuthorizationStatus Authorization(ReadOnlySpan<byte> name) =>
        (AuthorizationStatus)s_authorization.Find(name, Unrecognised);

    public static ResetType ResetType(ReadOnlySpan<byte> name) => (ResetType)s_resetTypes.Find(name, Unrecognised);

    public static CommandStatus CommandStatus(ReadOnlySpan<byte> name) => (CommandStatus)s_commandStatuses.Find(name, Unrecognised);

    public static FirmwareStatus Firmware(ReadOnlySpan<byte> name) => (FirmwareStatus)s_firmware.Find(name, Unrecognised);

    public static DiagnosticsStatus Diagnostics(ReadOnlySpan<byte> name) => (DiagnosticsStatus)s_diagnostics.Find(name, Unrecognised);

    /// <summary>The measurands the engine keeps; any other is <see cref="Measurand.None"/> (ignored, not unrecognised).</summary>
    public static Measurand Measurand(ReadOnlySpan<byte> name) => (Measurand)s_measurands.Find(name, (byte)Events.Measurand.None);

    public static AlertTrigger AlertTrigger(ReadOnlySpan<byte> name) => (AlertTrigger)s_alertTriggers.Find(name, Unrecognised);

    public static AvailabilityType Availability(ReadOnlySpan<byte> name) => (AvailabilityType)s_availability.Find(name, Unrecognised);

    /// <summary>
    /// CALLERROR errorCode. OCPP-J 1.6 §4.2.3 spells FormationViolation and OccurenceConstraintViolation;
    /// OCPP-J 2.0.1 §4.3 corrected them to FormatViolation and OccurrenceConstraintViolation: both mean one code.
    /// </summary>
    public static CallErrorCode CallError(ReadOnlySpan<byte> name) =>
        name.SequenceEqual("FormationViolation"u8) ? CallErrorCode.FormatViolation
        : name.SequenceEqual("OccurenceConstraintViolation"u8) ? CallErrorCode.OccurrenceConstraintViolation
        : (CallErrorCode)s_callErrors.Find(name, Unrecognised);

    /// <summary>The <c>proto</c> of a <c>connected</c> record (WebSocket sub-protocol names).</summary>
    public static OcppVersion Protocol(ReadOnlySpan<byte> name)
    {
        if (name.SequenceEqual("ocpp1.6"u8))
        {
            return OcppVersion.V16;
        }

        if (name.SequenceEqual("ocpp2.0.1"u8))
        {
            return OcppVersion.V201;
        }

        return name.SequenceEqual("ocpp2.1"u8) ? OcppVersion.V21 : OcppVersion.Unknown;
    }
}
