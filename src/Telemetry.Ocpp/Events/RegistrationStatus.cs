namespace Telemetry.Ocpp.Events;

/// <summary>BootNotification registration status (1.6 RegistrationStatus, 2.0.1 RegistrationStatusEnumType).</summary>
public enum RegistrationStatus : byte
{
    None = 0,
    Accepted = 1,
    Pending = 2,
    Rejected = 3,
}
