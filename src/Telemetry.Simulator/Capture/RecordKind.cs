namespace Telemetry.Simulator.Capture;

/// <summary>The tap records a simulated charger produces; CALLs are rx, their results tx.</summary>
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
}
