namespace Telemetry.Engine.Sessions;

/// <summary>Thresholds of the session detector (configuration section <c>Detectors:Sessions</c>).</summary>
public sealed class SessionOptions
{
    /// <summary>Upper bound of <see cref="FailuresToRaise"/>: each port keeps this many outcomes.</summary>
    public const int MaxFailuresToRaise = TaggedTimes.Capacity;

    /// <summary>
    /// How long an authorised attempt may wait for its transaction to start before it counts as a
    /// failed start. Five minutes: chargers wait 60-180 s for the cable (1.6 ConnectionTimeOut,
    /// 2.0.1 EVConnectionTimeOut) and the vehicle's handshake adds up to a minute; a driver still
    /// without a start after that has given up.
    /// </summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// A session stopped for an abnormal reason sooner than this is an early termination. Two
    /// minutes: plug check and vehicle handshake take up to a minute, so a session this short
    /// never reached steady charging.
    /// </summary>
    public TimeSpan ShortSession { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// A session stopped for an abnormal reason with less energy than this (Wh) is an early
    /// termination. 100 Wh (0.1 kWh) is under a minute of the slowest AC charging: the vehicle
    /// took practically nothing.
    /// </summary>
    public int NearZeroEnergyWh { get; set; } = 100;

    /// <summary>
    /// Failures (failed starts and early terminations) within <see cref="Window"/> that raise
    /// <c>session.failures</c> on a port. Three: one or two failures a day happen to healthy ports
    /// (a driver who unplugs at once, a vehicle that refuses), three are a pattern. At most <see cref="MaxFailuresToRaise"/>.
    /// </summary>
    public int FailuresToRaise { get; set; } = 3;

    /// <summary>
    /// The failures must also be at least this share of the port's judged attempts in the window.
    /// One half: a busy port with three unlucky drivers among thirty is healthy, a port failing
    /// every other driver is not.
    /// </summary>
    public double FailureShare { get; set; } = 0.5;

    /// <summary>Sliding window failures and attempts are counted in. A day: covers a port's daily traffic.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// Successful sessions in a row that clear the signal. Two: on a port failing at least half
    /// its sessions two successes in a row happen at most a quarter of the time, and a quiet port
    /// sees two drivers within a day.
    /// </summary>
    public int SuccessesToClear { get; set; } = 2;

    /// <summary>
    /// An attempt this soon after a failed one on the same charger is a retry of the same visit.
    /// Ten minutes: a driver retries, or moves to the next connector, within minutes.
    /// </summary>
    public TimeSpan VisitGap { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Whether starts refused for the driver's credentials (a non-Accepted idTagInfo) count toward
    /// <c>session.failures</c>. Off: they are counted as failed starts, but raising on them would
    /// repeat <c>auth.failures</c>, which owns that cause.
    /// </summary>
    public bool CountRejectedStarts { get; set; }

    public void Validate()
    {
        if (StartTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("Detectors:Sessions:StartTimeout must be positive.");
        }

        if (ShortSession < TimeSpan.Zero)
        {
            throw new ArgumentException("Detectors:Sessions:ShortSession must not be negative.");
        }

        if (NearZeroEnergyWh < 0)
        {
            throw new ArgumentException("Detectors:Sessions:NearZeroEnergyWh must not be negative.");
        }

        if (FailuresToRaise is < 1 or > MaxFailuresToRaise)
        {
            throw new ArgumentException($"Detectors:Sessions:FailuresToRaise must be between 1 and {MaxFailuresToRaise}.");
        }

        if (FailureShare is <= 0 or > 1 || double.IsNaN(FailureShare))
        {
            throw new ArgumentException("Detectors:Sessions:FailureShare must be above 0 and at most 1.");
        }

        if (Window <= TimeSpan.Zero)
        {
            throw new ArgumentException("Detectors:Sessions:Window must be positive.");
        }

        if (SuccessesToClear < 1)
        {
            throw new ArgumentException("Detectors:Sessions:SuccessesToClear must be at least 1.");
        }

        if (VisitGap < TimeSpan.Zero)
        {
            throw new ArgumentException("Detectors:Sessions:VisitGap must not be negative.");
        }
    }
}
