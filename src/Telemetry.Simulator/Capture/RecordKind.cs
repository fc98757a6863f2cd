namespace Telemetry.Simulator.Capture;

/// <summary>
/// The tap records a simulated charger produces; the charger's CALLs are rx and their results tx,
/// the CSMS's commands (Reset, TriggerMessage, Configuration, ChangeAvailability, UpdateFirmware) are tx and their results rx.
/// </summary>
internal enum RecordKind
{
    Connected,
    Disconnected,
    BootNotification,
    BootNotificationResult,
    Heartbeat,
    HeartbeatResult,
    StatusNotification,
    EmptyResult,
    Authorize,
    AuthorizeResult,
    StartTransaction,
    StartTransactionResult,
    MeterValues,
    StopTransaction,
    StopTransactionResult,
    TransactionEvent,
    TransactionEventResult,
    Reset,
    ResetResult,
    TriggerMessage,
    TriggerMessageResult,

    /// <summary>1.6 ChangeConfiguration or 2.0.1 GetVariables: a configuration request.</summary>
    Configuration,
    ChangeAvailability,
    ChangeAvailabilityResult,
    UpdateFirmware,
    UpdateFirmwareResult,
    FirmwareStatusNotification,
    NotifyEvent,
}
