namespace Telemetry.Ocpp.Events;

/// <summary>Who sent the frame an event comes from. Values are stable: they are encoded on the wire.</summary>
public enum EventOrigin : byte
{
    /// <summary>Charger → CSMS (<c>rx</c>), and connection records: proof the charger's link is alive.</summary>
    Charger = 0,

    /// <summary>CSMS → charger (<c>tx</c>).</summary>
    Csms = 1,
}
