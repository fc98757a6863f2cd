namespace Telemetry.Simulator.Capture;

/// <summary>The next step of a port's charging session.</summary>
internal enum SessionStep
{
    Begin,
    Plug,
    Start,
    Charging,
    Meter,
    Stop,
    Finishing,
    Release,
}
