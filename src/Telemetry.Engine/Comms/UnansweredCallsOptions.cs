using Telemetry.Engine.Windows;

namespace Telemetry.Engine.Comms;

/// <summary>Thresholds of the half-dead connection detector (configuration section <c>Detectors:UnansweredCalls</c>).</summary>
public sealed class UnansweredCallsOptions
{
    /// <summary>Upper bound of <see cref="UnansweredToRaise"/>: the per-charger ring keeps this many times.</summary>
    public const int MaxUnansweredToRaise = RecentTimes.Capacity;

    /// <summary>
    /// CSMS CALLs left unanswered within <see cref="Window"/> that make a connection half-dead.
    /// Three: one lost answer is a glitch, two can be one busy moment of the charger; three
    /// while the charger keeps talking show that its command handling is stuck.
    /// At most <see cref="MaxUnansweredToRaise"/>.
    /// </summary>
    public int UnansweredToRaise { get; set; } = 3;

    /// <summary>Sliding window the unanswered CALLs are counted in. One hour, as for disconnects: a CSMS sends few commands to a charger.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Time a charger has to answer a CSMS CALL. Two minutes: chargers answer within seconds and
    /// CSMSs give up after 30-60 s; the margin covers slow cellular links, so only CALLs that were
    /// truly dropped count.
    /// </summary>
    public TimeSpan AnswerTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Time without a new unanswered CALL that clears the signal (an answered CALL clears it at
    /// once). One hour, as long as the window, so the clear does not flap.
    /// </summary>
    public TimeSpan QuietToClear { get; set; } = TimeSpan.FromHours(1);

    public void Validate()
    {
        if (UnansweredToRaise is < 2 or > MaxUnansweredToRaise)
        {
            throw new ArgumentException($"Detectors:UnansweredCalls:UnansweredToRaise must be between 2 and {MaxUnansweredToRaise}.");
        }

        if (Window <= TimeSpan.Zero)
        {
            throw new ArgumentException("Detectors:UnansweredCalls:Window must be positive.");
        }

        if (AnswerTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("Detectors:UnansweredCalls:AnswerTimeout must be positive.");
        }

        if (QuietToClear <= TimeSpan.Zero)
        {
            throw new ArgumentException("Detectors:UnansweredCalls:QuietToClear must be positive.");
        }
    }
}
