namespace Telemetry.Ocpp.Events;

/// <summary>2.0.1 EventTriggerEnumType: why a NotifyEvent item was sent. Values are stable: they are encoded on the wire.</summary>
public enum AlertTrigger : byte
{
    None = 0,
    Alerting = 1,
    Delta = 2,
    Periodic = 3,
    /// <summary>A string outside the vocabulary of the field.</summary>
    Unrecognised = 255,
}
