namespace Telemetry.Simulator.Faults;

/// <summary>Indices of the 2.0.1 BootReasonEnumType values the simulator sends; 1.6 has no boot reason.</summary>
internal static class BootReasons
{
    public const int PowerUp = 0;
    public const int Watchdog = 1;
    public const int RemoteReset = 2;
}
