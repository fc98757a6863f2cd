namespace Telemetry.Simulator.Capture;

/// <summary>What a charger does at a scheduled time.</summary>
internal enum ActionKind
{
    Connect,
    Heartbeat,
    FaultStart,
    FaultEnd,
    Session,
    ResetRequest,
    Drop,
    Return,
    Script,
    Command,
}
