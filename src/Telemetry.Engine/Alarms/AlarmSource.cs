namespace Telemetry.Engine.Alarms;

/// <summary>Which OCPP message raises an alarm; <see cref="None"/> marks a free slot.</summary>
internal enum AlarmSource : byte
{
    None = 0,

    /// <summary>StatusNotification with an errorCode other than NoError, or status Faulted.</summary>
    Status = 1,

    /// <summary>2.0.1 NotifyEvent item with trigger Alerting.</summary>
    Alert = 2,
}
