namespace Telemetry.Simulator.Capture;

/// <summary>Port states the simulator reports; 2.0.1 chargers use Available, Occupied, Faulted and Unavailable only.</summary>
internal enum PortStatus
{
    Available,
    Preparing,
    Charging,
    Finishing,
    Occupied,
    Faulted,
    Unavailable,
}
