namespace Telemetry.Engine.Signals;

/// <summary>One detector signal (DESIGN §2.3 <c>uptime.signals</c>): a condition raised or cleared at an event time.</summary>
public sealed record Signal(
    string Type,
    SignalState State,
    long TimestampMs,
    string ChargePoint,
    ushort? Port,
    SignalScope Scope,
    SignalEvidence Evidence);
