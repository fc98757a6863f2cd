namespace Telemetry.Simulator.Capture;

/// <summary>A pending charger action.</summary>
/// <param name="Argument">Connection epoch (heartbeat), fault index (fault actions), port (session),
/// planned reset index (reset request) or interruption index (drop, return).</param>
internal readonly record struct ScheduledAction(ActionKind Kind, int Argument);
