namespace Telemetry.Simulator.Capture;

/// <summary>Which OCPP 2.0.1 TransactionEvent a record is.</summary>
internal enum TransactionStep
{
    Started,
    Charging,
    Meter,
    Ended,
}
