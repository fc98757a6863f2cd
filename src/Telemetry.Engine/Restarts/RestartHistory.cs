namespace Telemetry.Engine.Restarts;

/// <summary>
/// CSMS restarts of a faulted port (or, summed, a charger) since the detector started: the
/// operator's question "remote restarts tried and whether they held" (DESIGN §2.3).
/// </summary>
/// <param name="Tried">Restarts carried out (the charger rebooted, or a 2.0.1 EVSE reset was sent) on a fault.</param>
/// <param name="Held">Restarts after which the same fault stayed away for the durability window.</param>
/// <param name="NotHeld">Restarts after which the port did not come up, or the same fault returned within the durability window.</param>
public readonly record struct RestartHistory(int Tried, int Held, int NotHeld)
{
    /// <summary>Restarts whose verdict is still open.</summary>
    public int Pending => Tried - Held - NotHeld;

    public RestartHistory Plus(RestartHistory other) => new(Tried + other.Tried, Held + other.Held, NotHeld + other.NotHeld);
}
