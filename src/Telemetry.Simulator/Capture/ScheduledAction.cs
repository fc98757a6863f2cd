namespace Telemetry.Simulator.Capture;

/// <summary>A pending charger action.</summary>
/// <param name="Argument">Connection epoch (heartbeat), fault index (fault actions) or port (session).</param>
internal readonly record struct ScheduledAction(ActionKind Kind, int Argument);
