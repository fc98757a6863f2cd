namespace Telemetry.Simulator.Capture;

/// <summary>
/// The tap records a simulated charger produces; the charger's CALLs are rx and their results tx,
/// the CSMS's Reset is tx and its result rx.
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
}
