using Telemetry.Engine.Signals;

namespace Telemetry.Decide.Classification;

/// <summary>
/// The signal types of DESIGN §2.3 the classifier reads. Detectors of the later types may not run
/// in every deployment; signals are matched by these strings, so the correlator works with any subset.
/// </summary>
internal static class KnownSignalTypes
{
    public const string AvailabilityOutage = SignalTypes.AvailabilityOutage;
    public const string CommsOffline = SignalTypes.CommsOffline;
    public const string CommsUnstable = SignalTypes.CommsUnstable;
    public const string ResetFrequent = SignalTypes.ResetFrequent;
    public const string AlarmRecurring = "alarm.recurring";
    public const string AlarmAging = "alarm.aging";
    public const string SessionFailures = "session.failures";
    public const string AuthFailures = "auth.failures";
    public const string RestartIneffective = "restart.ineffective";
    public const string PowerDerating = "power.derating";
    public const string FirmwareFailure = "firmware.failure";
}
