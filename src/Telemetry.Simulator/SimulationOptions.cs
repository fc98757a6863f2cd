namespace Telemetry.Simulator;

/// <summary>Shape of a simulated fleet and of the faults injected into it.</summary>
public sealed class SimulationOptions
{
    /// <summary>Charge point ids are <c>CP-</c> and six digits, which bounds the fleet.</summary>
    public const int MaxChargers = 999_999;

    public const int MaxDays = 366;

    public int Chargers { get; init; } = 50;

    public int Sites { get; init; } = 5;

    public int Days { get; init; } = 7;

    public int Seed { get; init; } = 1;

    /// <summary>Start of the capture; kept to the millisecond, in UTC.</summary>
    public DateTimeOffset Start { get; init; } = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    public int HeartbeatIntervalSeconds { get; init; } = 300;

    /// <summary>Share of chargers speaking OCPP 2.0.1; the others speak 1.6.</summary>
    public double Ocpp201Share { get; init; } = 0.3;

    /// <summary>Mean number of charging sessions per port and day.</summary>
    public double SessionsPerPortPerDay { get; init; } = 4;

    /// <summary>Expected offline faults per charger and day (at least one is always injected).</summary>
    public double OfflineFaultsPerChargerDay { get; init; } = 0.02;

    /// <summary>Expected connector faults per charger and day (at least one is always injected).</summary>
    public double ConnectorFaultsPerChargerDay { get; init; } = 0.04;

    /// <summary>
    /// Expected comms-flapping faults per charger and day; a fleet of at least 4 chargers over at
    /// least 2 days gets one unless this is 0.
    /// </summary>
    public double CommsFlappingPerChargerDay { get; init; } = 0.01;

    /// <summary>Expected reset loops per charger and day; at least one as for <see cref="CommsFlappingPerChargerDay"/>.</summary>
    public double ResetLoopsPerChargerDay { get; init; } = 0.005;

    /// <summary>
    /// Expected Resets the CSMS sends on purpose, per charger and day: not faults, listed apart in
    /// truth.json; at least one as for <see cref="CommsFlappingPerChargerDay"/>.
    /// </summary>
    public double PlannedResetsPerChargerDay { get; init; } = 0.01;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (Chargers < 1 || Chargers > MaxChargers)
        {
            throw new ArgumentException(
                $"Chargers must be between 1 and {MaxChargers} (was {Chargers}).", nameof(Chargers));
        }

        if (Sites < 1 || Sites > Chargers)
        {
            throw new ArgumentException(
                $"Sites must be between 1 and the number of chargers, {Chargers} (was {Sites}).", nameof(Sites));
        }

        if (Days < 1 || Days > MaxDays)
        {
            throw new ArgumentException($"Days must be between 1 and {MaxDays} (was {Days}).", nameof(Days));
        }

        if (HeartbeatIntervalSeconds < 10 || HeartbeatIntervalSeconds > 86_400)
        {
            throw new ArgumentException(
                $"HeartbeatIntervalSeconds must be between 10 and 86400 (was {HeartbeatIntervalSeconds}).",
                nameof(HeartbeatIntervalSeconds));
        }

        RequireRange(Ocpp201Share, 0, 1, nameof(Ocpp201Share));
        RequireRange(SessionsPerPortPerDay, 0, 48, nameof(SessionsPerPortPerDay));
        RequireRange(OfflineFaultsPerChargerDay, 0, 1, nameof(OfflineFaultsPerChargerDay));
        RequireRange(ConnectorFaultsPerChargerDay, 0, 1, nameof(ConnectorFaultsPerChargerDay));
        RequireRange(CommsFlappingPerChargerDay, 0, 1, nameof(CommsFlappingPerChargerDay));
        RequireRange(ResetLoopsPerChargerDay, 0, 1, nameof(ResetLoopsPerChargerDay));
        RequireRange(PlannedResetsPerChargerDay, 0, 1, nameof(PlannedResetsPerChargerDay));
    }

    private static void RequireRange(double value, double min, double max, string name)
    {
        // Written so that NaN fails too.
        if (!(value >= min && value <= max))
        {
            throw new ArgumentException($"{name} must be between {min} and {max} (was {value}).", name);
        }
    }
}
