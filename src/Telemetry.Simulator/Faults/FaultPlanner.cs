using Telemetry.Simulator.Fleet;

namespace Telemetry.Simulator.Faults;

/// <summary>
/// Places offline and connector faults on the fleet. Invariants: at least one fault of each selected kind; none in the first or
/// last two hours; faults of one charger never overlap and keep <see cref="SeparationMs"/> between
/// them, so each can be told apart in the capture and each gets an incident of its own; start and
/// duration are whole minutes.
/// </summary>
internal static class FaultPlanner
{
    internal const long MinuteMs = 60_000;
    internal const long QuietEdgeMs = 2 * 60 * MinuteMs;
    internal const long GapMs = 30 * MinuteMs;

    /// <summary>The correlator's default hold period (Escalation:Resolution:HoldPeriod): a fault returning within it reopens the incident.</summary>
    internal const long HoldMs = 4 * 60 * MinuteMs;

    /// <summary>
    /// Two faults on one charger (hence on one connector) keep the hold period and an hour's margin
    /// apart, so the first fault's incident has resolved before the second begins.
    /// </summary>
    internal const long SeparationMs = HoldMs + (60 * MinuteMs);
    private const int OfflineMinMinutes = 120;
    private const int OfflineMaxMinutes = 480;
    private const int ConnectorMinMinutes = 60;
    private const int ConnectorMaxMinutes = 360;
    private const int ConnectorAgingMaxMinutes = 480;
    private const int RandomAttempts = 64;

    /// <summary>Returns the faults sorted by start, then charger, then kind.</summary>
    public static PlannedFault[] Plan(SimulationOptions options, ChargerProfile[] chargers, long startMs, long endMs)
    {
        var random = new Random(SeedMixer.Derive(options.Seed, SeedStream.Faults, 0));
        var chargerDays = (double)options.Chargers * options.Days;
        var offlineCount = Count(options, FaultKind.Offline, options.OfflineFaultsPerChargerDay, chargerDays);
        var connectorCount = Count(options, FaultKind.ConnectorFaulted, options.ConnectorFaultsPerChargerDay, chargerDays);
        // With the library on, a stuck connector stays faulted long enough for its alarm to age.
        var (connectorMin, connectorMax) = options.UsesLibrary
            ? (FaultLibrary.AgingMinutes, ConnectorAgingMaxMinutes)
            : (ConnectorMinMinutes, ConnectorMaxMinutes);

        var windowStart = startMs + QuietEdgeMs;
        var windowEnd = endMs - QuietEdgeMs;
        var busy = new List<PlannedFault>[chargers.Length];
        var faults = new List<PlannedFault>(offlineCount + connectorCount);

        for (var i = 0; i < offlineCount + connectorCount; i++)
        {
            var kind = i < offlineCount ? FaultKind.Offline : FaultKind.ConnectorFaulted;
            var (minMinutes, maxMinutes) = kind == FaultKind.Offline
                ? (OfflineMinMinutes, OfflineMaxMinutes)
                : (connectorMin, connectorMax);

            var placed = TryPlaceRandomly(random, kind, minMinutes, maxMinutes, chargers, busy, windowStart, windowEnd, out var fault);
            var firstOfKind = i == 0 || i == offlineCount;
            if (!placed && firstOfKind)
            {
                placed = TryPlaceFirstFit(random, kind, minMinutes, chargers, busy, windowStart, windowEnd, out fault);
            }

            if (placed)
            {
                (busy[fault.Charger] ??= []).Add(fault);
                faults.Add(fault);
            }
        }

        faults.Sort(static (a, b) =>
        {
            var order = a.StartMs.CompareTo(b.StartMs);
            if (order == 0)
            {
                order = a.Charger.CompareTo(b.Charger);
            }

            return order != 0 ? order : a.Kind.CompareTo(b.Kind);
        });
        return [.. faults];
    }

    private static int Count(SimulationOptions options, FaultKind kind, double rate, double chargerDays) =>
        options.Faults.Contains(kind) ? Math.Max(1, (int)Math.Round(rate * chargerDays)) : 0;

    private static bool TryPlaceRandomly(
        Random random, FaultKind kind, int minMinutes, int maxMinutes, ChargerProfile[] chargers,
        List<PlannedFault>[] busy, long windowStart, long windowEnd, out PlannedFault fault)
    {
        for (var attempt = 0; attempt < RandomAttempts; attempt++)
        {
            var minutes = random.Next(minMinutes, maxMinutes + 1);
            var charger = chargers[random.Next(chargers.Length)];
            var slots = (windowEnd - windowStart) / MinuteMs - minutes;
            if (slots < 0)
            {
                continue;
            }

            var start = windowStart + (random.NextInt64(slots + 1) * MinuteMs);
            fault = Make(random, kind, charger, start, minutes);
            if (IsFree(busy[charger.Index], fault))
            {
                return true;
            }
        }

        fault = default;
        return false;
    }

    // Guarantees one fault of a kind even in a crowded or tiny fleet: shortest duration,
    // first free slot in charger order.
    private static bool TryPlaceFirstFit(
        Random random, FaultKind kind, int minutes, ChargerProfile[] chargers,
        List<PlannedFault>[] busy, long windowStart, long windowEnd, out PlannedFault fault)
    {
        foreach (var charger in chargers)
        {
            for (var start = windowStart; start + (minutes * MinuteMs) <= windowEnd; start += 15 * MinuteMs)
            {
                fault = Make(random, kind, charger, start, minutes);
                if (IsFree(busy[charger.Index], fault))
                {
                    return true;
                }
            }
        }

        fault = default;
        return false;
    }

    private static PlannedFault Make(Random random, FaultKind kind, ChargerProfile charger, long start, int minutes)
    {
        var port = kind == FaultKind.Offline ? 0 : random.Next(1, charger.Ports + 1);
        return new PlannedFault(kind, charger.Index, port, start, start + (minutes * MinuteMs));
    }

    private static bool IsFree(List<PlannedFault>? taken, PlannedFault candidate)
    {
        if (taken is null)
        {
            return true;
        }

        foreach (var other in taken)
        {
            if (candidate.StartMs < other.EndMs + SeparationMs && other.StartMs < candidate.EndMs + SeparationMs)
            {
                return false;
            }
        }

        return true;
    }
}
