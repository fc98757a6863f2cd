namespace Telemetry.Simulator.Capture;

/// <summary>Port states the simulator reports; 2.0.1 chargers use Available, Occupied and Faulted only.</summary>
internal enum PortStatus
{
    Available,
    Preparing,
    Charging,
    Finishing,
    Occupied,
    Faulted,
}
