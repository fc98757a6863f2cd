namespace Telemetry.Ocpp.Events;

/// <summary>The CSMS → charger commands the engine tells apart; <see cref="Other"/> for the rest. Values are stable: they are encoded on the wire.</summary>
public enum CommandAction : byte
{
    /// <summary>A command outside this list.</summary>
    Other = 0,

    Reset = 1,
    RemoteStartTransaction = 2,
    RemoteStopTransaction = 3,
    ChangeAvailability = 4,
    TriggerMessage = 5,
    UnlockConnector = 6,
    RequestStartTransaction = 7,
    RequestStopTransaction = 8,
}
