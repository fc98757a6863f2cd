using Telemetry.Engine.Sessions;

namespace Telemetry.Engine.Restarts;

/// <summary>Thresholds of the restart efficacy detector (configuration section <c>Detectors:Restarts</c>).</summary>
public sealed class RestartOptions
{
    /// <summary>Upper bound of <see cref="NotHeldToRaise"/>: each port keeps this many restart outcomes.</summary>
    public const int MaxNotHeldToRaise = TaggedTimes.Capacity;

    /// <summary>
    /// How long after a CSMS Reset the charger's boot may come. Fifteen minutes, as the reset
    /// detector's planned window: Reset OnIdle waits for a session to end and a DC charger's
    /// reboot takes minutes. A Reset with no boot by then was not carried out.
    /// </summary>
    public TimeSpan BootWithin { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How long after the boot (or, for a 2.0.1 EVSE reset, the request) the faulted port may take
    /// to report an up status. Thirty minutes: self-tests and the first StatusNotifications take
    /// minutes; a port still down after that was not restored by the restart.
    /// </summary>
    public TimeSpan RecoveryWithin { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// How long the same fault must stay away after recovery for the restart to count as held.
    /// A day: a fault that returns within the daily load cycle was only masked by the restart.
    /// </summary>
    public TimeSpan Durability { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// Restarts that did not hold within <see cref="Window"/> that raise <c>restart.ineffective</c>.
    /// Two: one failed restart can be bad luck, the second says remote restarts do not fix this
    /// fault and a field visit is due. At most <see cref="MaxNotHeldToRaise"/>.
    /// </summary>
    public int NotHeldToRaise { get; set; } = 2;

    /// <summary>
    /// Sliding window restarts are counted in, and the time without a failed restart that clears
    /// the signal. Seven days: the operator's "repeats in the last 7 days" question (DESIGN §2.3).
    /// </summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromDays(7);

    public void Validate()
    {
        if (BootWithin <= TimeSpan.Zero)
        {
            throw new ArgumentException("Detectors:Restarts:BootWithin must be positive.");
        }

        if (RecoveryWithin <= TimeSpan.Zero)
        {
            throw new ArgumentException("Detectors:Restarts:RecoveryWithin must be positive.");
        }

        if (Durability <= TimeSpan.Zero)
        {
            throw new ArgumentException("Detectors:Restarts:Durability must be positive.");
        }

        if (NotHeldToRaise is < 1 or > MaxNotHeldToRaise)
        {
            throw new ArgumentException($"Detectors:Restarts:NotHeldToRaise must be between 1 and {MaxNotHeldToRaise}.");
        }

        if (Window <= TimeSpan.Zero)
        {
            throw new ArgumentException("Detectors:Restarts:Window must be positive.");
        }
    }
}
