namespace Telemetry.Engine.Sessions;

/// <summary>
/// Session counts of one port (or, summed, one charger) since the detector started.
/// </summary>
/// <param name="Attempts">Drivers who tried: a port going Preparing (1.6) or Occupied (2.0.1), an authorisation bound to it, or a start.</param>
/// <param name="Starts">Transactions started.</param>
/// <param name="Successes">Sessions that ended with a charge.</param>
/// <param name="FailedStarts">Authorised attempts that never started, and starts the CSMS refused (those also in <paramref name="RejectedStarts"/>).</param>
/// <param name="RejectedStarts">Attempts refused for the driver's credentials.</param>
/// <param name="EarlyTerminations">Sessions stopped early for an abnormal reason.</param>
/// <param name="Visits">Visits whose first attempt was on this port: attempts not within the visit gap after a failure.</param>
/// <param name="FirstAttemptSuccesses">Visits whose first attempt succeeded.</param>
public readonly record struct SessionCounts(
    int Attempts,
    int Starts,
    int Successes,
    int FailedStarts,
    int RejectedStarts,
    int EarlyTerminations,
    int Visits,
    int FirstAttemptSuccesses)
{
    /// <summary>The sum of two ports' counts, e.g. for a charger.</summary>
    public SessionCounts Plus(SessionCounts other) => new(
        Attempts + other.Attempts,
        Starts + other.Starts,
        Successes + other.Successes,
        FailedStarts + other.FailedStarts,
        RejectedStarts + other.RejectedStarts,
        EarlyTerminations + other.EarlyTerminations,
        Visits + other.Visits,
        FirstAttemptSuccesses + other.FirstAttemptSuccesses);
}
