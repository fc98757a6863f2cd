namespace Telemetry.Simulator.Truth;

/// <summary>
/// A Reset the CSMS sent on purpose at <paramref name="Time"/>; the reboot after it is not a fault.
/// Until <see cref="End"/> (the charger back and booted) the charger being offline and its ports
/// down are explained by the reset.
/// </summary>
public sealed record PlannedReset(string ChargePoint, DateTimeOffset Time)
{
    /// <summary>When the charger has rebooted; <see cref="Time"/> when unknown (an older truth file).</summary>
    public DateTimeOffset End { get; init; } = Time;
}
