namespace Telemetry.Engine.Signals;

public enum SignalState : byte
{
    Raised = 1,
    Cleared = 2,
}
