namespace Telemetry.Decide.Recovery;

/// <summary>The ladder of remote recovery, mildest first.</summary>
public enum RecoveryStep : byte
{
    /// <summary>TriggerMessage StatusNotification (a connector) or Heartbeat (a charger): is it answering, and is the state stale?</summary>
    Probe = 0,

    /// <summary>Reset Soft (1.6) / OnIdle (2.0.1).</summary>
    SoftReset = 1,

    /// <summary>Reset Hard (1.6) / Immediate (2.0.1).</summary>
    HardReset = 2,

    /// <summary>ChangeAvailability Inoperative: take a damaged connector out of service until the field repairs it.</summary>
    TakeOutOfService = 3,
}
