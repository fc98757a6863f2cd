using Telemetry.Engine.Sessions;

namespace Telemetry.Engine.Auth;

/// <summary>Thresholds of the authorisation detector and its fleet-wide view (configuration section <c>Detectors:Auth</c>).</summary>
public sealed class AuthOptions
{
    /// <summary>Upper bound of <see cref="RejectionsToRaise"/>: each charger keeps this many verdicts.</summary>
    public const int MaxRejectionsToRaise = TaggedTimes.Capacity;

    /// <summary>
    /// Rejected attempts within <see cref="Window"/> that raise <c>auth.failures</c> on a charger.
    /// Five: a driver with an expired card or no credit is routine; five different drivers
    /// refused at one charger point at its reader or its configuration. At most <see cref="MaxRejectionsToRaise"/>.
    /// </summary>
    public int RejectionsToRaise { get; set; } = 5;

    /// <summary>
    /// The rejections must also be at least this share of the charger's verdicts in the window.
    /// 80 %: a broken reader refuses nearly everyone, while a busy healthy charger sees a few
    /// refused cards among many accepted ones.
    /// </summary>
    public double RejectionShare { get; set; } = 0.8;

    /// <summary>
    /// Sliding window verdicts are counted in. A day: at the 4-10 drivers a typical charger sees
    /// in a day, a window of hours rarely holds five attempts, so a failing reader would go unseen.
    /// </summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// A rejection this soon after the previous one on the same charger is the same driver trying
    /// again and counts once. Two minutes: retries come seconds apart; one stubborn driver must
    /// not look like five.
    /// </summary>
    public TimeSpan RetryWithin { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// A 1.6 StartTransaction answer this soon after an Authorize answer of the same verdict is the
    /// same attempt and counts once. Five minutes, the session detector's start timeout.
    /// </summary>
    public TimeSpan SameAttemptWithin { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Accepted verdicts in a row that clear a charger's signal. Two: one could be a driver whose card works anywhere.</summary>
    public int AcceptsToClear { get; set; } = 2;

    /// <summary>
    /// Fleet-wide view: a charger is in rejection when its latest verdict, within this window,
    /// was a rejection. Thirty minutes: long enough for several chargers of a fleet to see a
    /// driver during a backend outage, short enough that unrelated refusals spread over a day
    /// do not add up.
    /// </summary>
    public TimeSpan FleetWindow { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Chargers in rejection at once that raise the fleet-wide signal. Three: two can be coincidence.</summary>
    public int FleetChargers { get; set; } = 3;

    /// <summary>
    /// Distinct sites those chargers must be at. Two: one site's chargers failing together is a
    /// site matter (its network, its local list); across sites it is the backend. A charger
    /// missing from the inventory counts as a site of its own.
    /// </summary>
    public int FleetSites { get; set; } = 2;

    /// <summary>
    /// Share of the chargers that saw a driver in the window that must be in rejection. One half
    /// ("most chargers"): in a large fleet a few refused cards always coincide, an outage refuses
    /// nearly everyone. The signal clears below half of this share, or when no charger is in rejection.
    /// </summary>
    public double FleetShare { get; set; } = 0.5;

    public void Validate()
    {
        if (RejectionsToRaise is < 1 or > MaxRejectionsToRaise)
        {
            throw new ArgumentException($"Detectors:Auth:RejectionsToRaise must be between 1 and {MaxRejectionsToRaise}.");
        }

        if (RejectionShare is <= 0 or > 1 || double.IsNaN(RejectionShare))
        {
            throw new ArgumentException("Detectors:Auth:RejectionShare must be above 0 and at most 1.");
        }

        if (Window <= TimeSpan.Zero)
        {
            throw new ArgumentException("Detectors:Auth:Window must be positive.");
        }

        if (RetryWithin < TimeSpan.Zero)
        {
            throw new ArgumentException("Detectors:Auth:RetryWithin must not be negative.");
        }

        if (SameAttemptWithin < TimeSpan.Zero)
        {
            throw new ArgumentException("Detectors:Auth:SameAttemptWithin must not be negative.");
        }

        if (AcceptsToClear < 1)
        {
            throw new ArgumentException("Detectors:Auth:AcceptsToClear must be at least 1.");
        }

        if (FleetWindow <= TimeSpan.Zero)
        {
            throw new ArgumentException("Detectors:Auth:FleetWindow must be positive.");
        }

        if (FleetChargers < 2)
        {
            throw new ArgumentException("Detectors:Auth:FleetChargers must be at least 2.");
        }

        if (FleetSites < 1)
        {
            throw new ArgumentException("Detectors:Auth:FleetSites must be at least 1.");
        }

        if (FleetShare is <= 0 or > 1 || double.IsNaN(FleetShare))
        {
            throw new ArgumentException("Detectors:Auth:FleetShare must be above 0 and at most 1.");
        }
    }
}
