namespace Telemetry.Engine.Signals;

/// <summary>The signal <c>type</c> vocabulary of DESIGN §2.3 (extend, never rename).</summary>
public static class SignalTypes
{
    public const string AvailabilityOutage = "availability.outage";
    public const string CommsOffline = "comms.offline";
    public const string CommsUnstable = "comms.unstable";
    public const string ResetFrequent = "reset.frequent";
    public const string AlarmRecurring = "alarm.recurring";
    public const string AlarmAging = "alarm.aging";
    public const string FirmwareFailure = "firmware.failure";
    public const string PowerDerating = "power.derating";
    public const string SessionFailures = "session.failures";
    public const string AuthFailures = "auth.failures";
    public const string RestartIneffective = "restart.ineffective";
}
