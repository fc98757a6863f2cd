using Telemetry.Ocpp.Events;

namespace Telemetry.Engine.Comms;

/// <summary>A CSMS CALL waiting for the charger's answer.</summary>
internal struct PendingCall
{
    public long SentMs;
    public CommandAction Action;

    /// <summary>False once answered (the entry waits to leave the ring in send order).</summary>
    public bool Live;
}
