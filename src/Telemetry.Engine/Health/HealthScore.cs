namespace Telemetry.Engine.Health;

/// <summary>
/// The health score of a port-minute, 0–100 (docs/contracts.md "Health score"): 100 for a port
/// up the whole minute with nothing open against it, 0 for a port down the whole known minute,
/// and penalties in between. Integer arithmetic only, so the same inputs give the same score
/// on every machine.
/// </summary>
public static class HealthScore
{
    public const byte Healthy = 100;

    /// <summary>Points a minute fully down would lose through its down share; partly down minutes lose their share of it, rounded up.</summary>
    public const int DownWeight = 60;

    public const int AlarmPenalty = 15;

    public const int UnplannedBootPenalty = 15;

    public const int FailedSessionPenalty = 10;

    public const int UnstableCommsPenalty = 10;

    private const int MinuteMs = 60_000;

    public static byte Compute(in HealthInputs inputs)
    {
        if (inputs.KnownMs > 0 && inputs.DownMs >= inputs.KnownMs)
        {
            return 0;
        }

        // Rounded up: a port down for one second of the minute is not fully healthy.
        var score = Healthy - (((DownWeight * inputs.DownMs) + MinuteMs - 1) / MinuteMs);
        if (inputs.AlarmOpen)
        {
            score -= AlarmPenalty;
        }

        if (inputs.RecentUnplannedBoot)
        {
            score -= UnplannedBootPenalty;
        }

        if (inputs.RecentFailedSession)
        {
            score -= FailedSessionPenalty;
        }

        if (inputs.UnstableComms)
        {
            score -= UnstableCommsPenalty;
        }

        return (byte)Math.Clamp(score, 0, Healthy);
    }
}
