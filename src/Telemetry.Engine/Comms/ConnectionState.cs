namespace Telemetry.Engine.Comms;

/// <summary>What the connection records say about a charger's link to the CSMS.</summary>
internal enum ConnectionState : byte
{
    /// <summary>No connection record seen yet.</summary>
    Unknown = 0,
    Connected = 1,
    Disconnected = 2,
}
