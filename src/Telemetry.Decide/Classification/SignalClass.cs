using Telemetry.Decide.Policy;

namespace Telemetry.Decide.Classification;

/// <summary>What one raised signal says about the fault behind it.</summary>
/// <param name="Cause">The cause the signal points to.</param>
/// <param name="Recovery">Where the fix is expected to come from.</param>
/// <param name="Evidence">Why: the facts of the signal that decided the cause, in words.</param>
/// <param name="FaultKey">Signal type and error code: two signals with equal keys report the same fault.</param>
/// <param name="WholeCharger">True when the fault takes the whole charger (cabinet) rather than one connector.</param>
/// <param name="Silence">True for the charger-silent family (comms.offline and outages caused by it), which a site outage is made of.</param>
/// <param name="Systemic">True when the signal itself is fleet-wide (e.g. a backend auth outage).</param>
/// <param name="MinimumOwner">An owner the signal alone justifies (a recurring alarm, an ineffective restart), or null.</param>
public sealed record SignalClass(
    IncidentCause Cause,
    Recoverability Recovery,
    string Evidence,
    string FaultKey,
    bool WholeCharger,
    bool Silence,
    bool Systemic,
    Owner? MinimumOwner);
