namespace Telemetry.Engine.Power;

/// <summary>Thresholds of the power derating detector (configuration section <c>Detectors:Derating</c>).</summary>
public sealed class DeratingOptions
{
    /// <summary>
    /// Power at or below this share of the charger's rating is derated. One half: load management
    /// and cable limits trim a few tens of percent, while a charger giving half its rating or less
    /// has lost a power module or is throttling for heat.
    /// </summary>
    public double Ratio { get; set; } = 0.5;

    /// <summary>
    /// How long power must stay derated within a session to raise <c>power.derating</c>. Thirty
    /// minutes: longer than the ramp-up at a session's start and the short limits a site's load
    /// management imposes, shorter than a typical fast-charging session.
    /// </summary>
    public TimeSpan MinDuration { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// How long power must stay above the ratio to clear the signal within a session (the end of
    /// the session clears it too). Ten minutes: a few meter samples, so one high reading does not clear it.
    /// </summary>
    public TimeSpan RecoveryToClear { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// When a session reports only Power.Active.Import, require thermal evidence (a HighTemperature
    /// error or a temperature alert in the session) before raising. True: the power a vehicle
    /// draws depends on the vehicle (its maximum rate, its state of charge), so low import alone
    /// cannot tell a limiting charger from a limiting car; Power.Offered is the charger's own
    /// limit and needs no such evidence.
    /// </summary>
    public bool ImportNeedsThermalEvidence { get; set; } = true;

    public void Validate()
    {
        if (!(Ratio > 0 && Ratio < 1))
        {
            throw new ArgumentException("Detectors:Derating:Ratio must be between 0 and 1 (exclusive).");
        }

        if (MinDuration <= TimeSpan.Zero)
        {
            throw new ArgumentException("Detectors:Derating:MinDuration must be positive.");
        }

        if (RecoveryToClear <= TimeSpan.Zero)
        {
            throw new ArgumentException("Detectors:Derating:RecoveryToClear must be positive.");
        }
    }
}
