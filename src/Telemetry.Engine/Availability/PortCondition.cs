namespace Telemetry.Engine.Availability;

/// <summary>A port's effective availability: its own status combined with its charger's.</summary>
public enum PortCondition : byte
{
    /// <summary>Not yet observed (before the first status, or after the input ends within a minute).</summary>
    Unknown = 0,
    Up = 1,

    /// <summary>Faulted or Unavailable, on the port or on the whole charger (connector 0 / station).</summary>
    Down = 2,

    /// <summary>The charger is unreachable; NEVI counts it as down.</summary>
    Offline = 3,
}
