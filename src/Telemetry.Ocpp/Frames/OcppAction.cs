namespace Telemetry.Ocpp.Frames;

/// <summary>The OCPP actions the engine recognises, across 1.6, 2.0.1 and 2.1; the order follows <see cref="OcppVocabulary"/>'s action table.</summary>
public enum OcppAction : byte
{
    Unknown = 0,
    BootNotification,
    Heartbeat,
    StatusNotification,
    StartTransaction,
    StopTransaction,
    MeterValues,
    Authorize,
    DataTransfer,
    DiagnosticsStatusNotification,
    FirmwareStatusNotification,
    SignedFirmwareStatusNotification,
    SecurityEventNotification,
    TransactionEvent,
    NotifyEvent,
    Reset,
    RemoteStartTransaction,
    RemoteStopTransaction,
    ChangeAvailability,
    TriggerMessage,
    UnlockConnector,
    RequestStartTransaction,
    RequestStopTransaction,
}
