namespace Telemetry.Engine.Availability;

/// <summary>How the engine learnt that a charger went offline.</summary>
public enum OfflineReason : byte
{
    None = 0,

    /// <summary>The CSMS reported the connection closed.</summary>
    Disconnected = 1,

    /// <summary>No traffic from the charger beyond the offline threshold.</summary>
    HeartbeatTimeout = 2,
}
