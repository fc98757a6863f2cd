namespace Telemetry.Decide.Correlation;

/// <summary>What the recovery command in flight waits for.</summary>
internal enum CommandPhase : byte
{
    None = 0,

    /// <summary>The charger's CALLRESULT (or CALLERROR) to the command.</summary>
    AwaitResult = 1,

    /// <summary>After an accepted reset: the incident's signals clearing.</summary>
    AwaitRecovery = 2,

    /// <summary>After recovery: the hold period passing without the fault returning.</summary>
    AwaitHold = 3,
}
