using Telemetry.Simulator.Faults;

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

    /// <summary>
    /// The kinds of fault to inject. The default is <see cref="FaultLibrary.Basic"/>, the four
    /// original kinds, which keeps a seed's output what it always was; any kind beyond those turns
    /// on the traffic the library's faults are told apart from (CSMS TriggerMessages, Power.Offered,
    /// chargers delivering most of their rating).
    /// </summary>
    public IReadOnlySet<FaultKind> Faults { get; init; } = FaultLibrary.Basic;

    /// <summary>
    /// Options for a run of the library <paramref name="faults"/>: when any kind beyond the
    /// original four is selected, those four come at lower rates, so that with site-wide faults
    /// in the mix healthy chargers stay the majority; otherwise the usual rates.
    /// </summary>
    public static SimulationOptions ForFaults(IReadOnlySet<FaultKind> faults, int chargers, int sites, int days, int seed)
    {
        var library = new SimulationOptions { Faults = faults }.UsesLibrary;
        var defaults = new SimulationOptions();
        return new SimulationOptions
        {
            Chargers = chargers,
            Sites = sites,
            Days = days,
            Seed = seed,
            Faults = faults,
            OfflineFaultsPerChargerDay = library ? 0.005 : defaults.OfflineFaultsPerChargerDay,
            ConnectorFaultsPerChargerDay = library ? 0.008 : defaults.ConnectorFaultsPerChargerDay,
            CommsFlappingPerChargerDay = library ? 0.004 : defaults.CommsFlappingPerChargerDay,
            ResetLoopsPerChargerDay = library ? 0.004 : defaults.ResetLoopsPerChargerDay,
        };
    }

    /// <summary>Faults of each library kind beyond the original four, per charger and day; at least one of each selected kind is placed when it fits.</summary>
    public double LibraryFaultsPerChargerDay { get; init; } = 1.0 / 300;

    /// <summary>True when <see cref="Faults"/> holds a kind beyond the original four.</summary>
    public bool UsesLibrary
    {
        get
        {
            foreach (var kind in Faults)
            {
                if (!FaultLibrary.Basic.Contains(kind))
                {
                    return true;
                }
            }

            return false;
        }
    }

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
        RequireRange(LibraryFaultsPerChargerDay, 0, 1, nameof(LibraryFaultsPerChargerDay));
        if (Faults is null || Faults.Count == 0)
        {
            throw new ArgumentException("Faults must name at least one kind.", nameof(Faults));
        }
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
