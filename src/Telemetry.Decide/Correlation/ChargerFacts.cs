using Telemetry.Ocpp.Events;

namespace Telemetry.Decide.Correlation;

/// <summary>What the correlator knows of one charger from its signals and OCPP events.</summary>
internal sealed class ChargerFacts
{
    private const long DayMs = 24 * 3_600_000L;
    private const long WeekMs = 7 * DayMs;

    public ChargerFacts(string chargePoint) => ChargePoint = chargePoint;

    public string ChargePoint { get; }

    public bool Connected { get; set; } = true;

    public OcppVersion Version { get; set; } = OcppVersion.V16;

    /// <summary>Ports with a charging session in progress (the reset guardrail).</summary>
    public SortedSet<int> Sessions { get; } = [];

    /// <summary>Ports the CSMS took out of service on purpose (0 = the whole charger): their Unavailable is not a fault.</summary>
    public SortedSet<int> OutOfService { get; } = [];

    public long SilentSinceMs { get; set; } = -1;

    public long ReturnedMs { get; set; } = -1;

    public long LastBootMs { get; set; } = -1;

    public BootReason LastBootReason { get; set; }

    /// <summary>Last time a 2.0.1 transaction message flagged <c>offline</c> arrived: sessions ran while the link was down.</summary>
    public long OfflineSessionMs { get; set; } = -1;

    /// <summary>Until then, silence is the expected effect of a reset, not a fault.</summary>
    public long ResetQuietUntilMs { get; set; } = -1;

    /// <summary>Resets requested or seen, within the last day.</summary>
    public List<long> Restarts { get; } = [];

    /// <summary>Incidents resolved without a remote command, within the proactive-repair window.</summary>
    public List<long> SelfRecoveries { get; } = [];

    /// <summary>Raise times per fault key, within the last 7 days.</summary>
    public Dictionary<string, List<long>> Raises { get; } = new(StringComparer.Ordinal);

    /// <summary>Incidents involving this charger that are not resolved, in creation order.</summary>
    public List<Incident> Incidents { get; } = [];

    public void AddRaise(string faultKey, long t)
    {
        if (!Raises.TryGetValue(faultKey, out var times))
        {
            times = [];
            Raises.Add(faultKey, times);
        }

        times.Add(t);
        Trim(times, t - WeekMs);
    }

    public int RaisesWithin(string faultKey, long now, long windowMs)
    {
        if (!Raises.TryGetValue(faultKey, out var times))
        {
            return 0;
        }

        var count = 0;
        foreach (var time in times)
        {
            if (time > now - windowMs)
            {
                count++;
            }
        }

        return count;
    }

    public int RestartsToday(long now)
    {
        Trim(Restarts, now - DayMs);
        return Restarts.Count;
    }

    public long LastRestartMs => Restarts.Count == 0 ? long.MinValue : Restarts[^1];

    public static int CountSince(List<long> times, long fromMs)
    {
        Trim(times, fromMs);
        return times.Count;
    }

    private static void Trim(List<long> times, long fromMs)
    {
        var drop = 0;
        while (drop < times.Count && times[drop] <= fromMs)
        {
            drop++;
        }

        times.RemoveRange(0, drop);
    }
}
