namespace Telemetry.Simulator.Faults;

/// <summary>
/// The signal types of DESIGN §2.3 that faults are expected to raise, spelled as in signals.jsonl.
/// Kept here rather than taken from the engine: the simulator states ground truth without depending on the detectors.
/// </summary>
public static class SignalNames
{
    public const string AvailabilityOutage = "availability.outage";
    public const string CommsOffline = "comms.offline";
    public const string CommsUnstable = "comms.unstable";
    public const string ResetFrequent = "reset.frequent";
    public const string AlarmRecurring = "alarm.recurring";
    public const string AlarmAging = "alarm.aging";
    public const string SessionFailures = "session.failures";
    public const string AuthFailures = "auth.failures";
    public const string RestartIneffective = "restart.ineffective";
    public const string PowerDerating = "power.derating";
    public const string FirmwareFailure = "firmware.failure";
}
