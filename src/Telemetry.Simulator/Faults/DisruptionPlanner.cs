using Telemetry.Simulator.Fleet;

namespace Telemetry.Simulator.Faults;

/// <summary>
/// Places comms flapping, reset loops and planned resets after the offline and connector faults,
/// from random streams of their own: those faults keep their places for a seed, and the new ones
/// only take charger time the older ones left free. The same invariants hold: none in the first
/// or last two hours, nothing on one charger overlaps or comes within half an hour of another.
/// A fleet of at least four chargers over at least two days gets one of each whose rate is not 0.
/// </summary>
internal static class DisruptionPlanner
{
    private const long SecondMs = 1000;
    private const long MinuteMs = FaultPlanner.MinuteMs;
    private const long HeartbeatQuietMs = 10 * SecondMs;
    private const int FlappingMinMinutes = 20;
    private const int FlappingMaxMinutes = 60;
    private const int ResetLoopMinMinutes = 120;
    private const int ResetLoopMaxMinutes = 720;
    // Reset, drop after at most 60 s, back after at most 3 min, boot within 1.5 s.
    private const int PlannedResetMinutes = 5;
    private const int RandomAttempts = 64;
    private const int GuaranteeMinChargers = 4;
    private const int GuaranteeMinDays = 2;

    public static (PlannedFault[] Faults, ScheduledReset[] Resets) Plan(
        SimulationOptions options, ChargerProfile[] chargers, PlannedFault[] existing, long startMs, long endMs)
    {
        var busy = new List<(long StartMs, long EndMs)>?[chargers.Length];
        foreach (var fault in existing)
        {
            (busy[fault.Charger] ??= []).Add((fault.StartMs, fault.EndMs));
        }

        var windowStart = startMs + FaultPlanner.QuietEdgeMs;
        var windowEnd = endMs - FaultPlanner.QuietEdgeMs;
        var chargerDays = (double)options.Chargers * options.Days;
        var guarantee = options.Chargers >= GuaranteeMinChargers && options.Days >= GuaranteeMinDays;

        var random = new Random(SeedMixer.Derive(options.Seed, SeedStream.Disruptions, 0));
        var faults = new List<PlannedFault>();
        var flapping = options.Faults.Contains(FaultKind.CommsFlapping) ? Count(options.CommsFlappingPerChargerDay, chargerDays, guarantee) : 0;
        var loops = options.Faults.Contains(FaultKind.ResetLoop) ? Count(options.ResetLoopsPerChargerDay, chargerDays, guarantee) : 0;
        for (var i = 0; i < flapping + loops; i++)
        {
            var kind = i < flapping ? FaultKind.CommsFlapping : FaultKind.ResetLoop;
            var (minMinutes, maxMinutes) = kind == FaultKind.CommsFlapping
                ? (FlappingMinMinutes, FlappingMaxMinutes)
                : (ResetLoopMinMinutes, ResetLoopMaxMinutes);
            var firstOfKind = guarantee && (i == 0 || i == flapping);
            if (TryFindSlot(random, minMinutes, maxMinutes, firstOfKind, chargers, busy, windowStart, windowEnd, out var charger, out var start, out var minutes))
            {
                var end = start + (minutes * MinuteMs);
                var interruptions = kind == FaultKind.CommsFlapping
                    ? Flaps(random, start, end, random.Next(3, 7))
                    : Reboots(random, start, end, random.Next(3, 6));
                (busy[charger] ??= []).Add((start, end));
                faults.Add(new PlannedFault(kind, charger, 0, start, end, interruptions));
            }
        }

        faults.Sort(static (a, b) => a.StartMs != b.StartMs ? a.StartMs.CompareTo(b.StartMs) : a.Charger.CompareTo(b.Charger));

        var resetRandom = new Random(SeedMixer.Derive(options.Seed, SeedStream.PlannedResets, 0));
        var resets = new List<ScheduledReset>();
        var planned = Count(options.PlannedResetsPerChargerDay, chargerDays, guarantee);
        for (var i = 0; i < planned; i++)
        {
            if (TryFindSlot(resetRandom, PlannedResetMinutes, PlannedResetMinutes, guarantee && i == 0, chargers, busy, windowStart, windowEnd, out var charger, out var call, out _))
            {
                var reset = PlannedReset(resetRandom, charger, call);
                (busy[charger] ??= []).Add((call, reset.Reboot.BootMs));
                resets.Add(reset);
            }
        }

        resets.Sort(static (a, b) => a.CallMs != b.CallMs ? a.CallMs.CompareTo(b.CallMs) : a.Charger.CompareTo(b.Charger));
        return ([.. faults], [.. resets]);
    }

    private static int Count(double rate, double chargerDays, bool guarantee)
    {
        var count = (int)Math.Round(rate * chargerDays);
        return rate > 0 && guarantee ? Math.Max(1, count) : count;
    }

    // Random slots first; a guaranteed one falls back to the shortest duration at the first free
    // quarter hour in charger order.
    private static bool TryFindSlot(
        Random random, int minMinutes, int maxMinutes, bool required, ChargerProfile[] chargers,
        List<(long StartMs, long EndMs)>?[] busy, long windowStart, long windowEnd, out int charger, out long start, out int minutes)
    {
        for (var attempt = 0; attempt < RandomAttempts; attempt++)
        {
            minutes = random.Next(minMinutes, maxMinutes + 1);
            charger = random.Next(chargers.Length);
            var slots = ((windowEnd - windowStart) / MinuteMs) - minutes;
            if (slots < 0)
            {
                continue;
            }

            start = windowStart + (random.NextInt64(slots + 1) * MinuteMs);
            if (IsFree(busy[charger], start, start + (minutes * MinuteMs)))
            {
                return true;
            }
        }

        minutes = minMinutes;
        for (charger = 0; required && charger < chargers.Length; charger++)
        {
            for (start = windowStart; start + (minutes * MinuteMs) <= windowEnd; start += 15 * MinuteMs)
            {
                if (IsFree(busy[charger], start, start + (minutes * MinuteMs)))
                {
                    return true;
                }
            }
        }

        charger = 0;
        start = 0;
        return false;
    }

    private static bool IsFree(List<(long StartMs, long EndMs)>? taken, long startMs, long endMs)
    {
        if (taken is null)
        {
            return true;
        }

        foreach (var (otherStart, otherEnd) in taken)
        {
            if (startMs < otherEnd + FaultPlanner.GapMs && otherStart < endMs + FaultPlanner.GapMs)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// <paramref name="count"/> drops of 30 s to 5 min, one in each equal share of [start, end]:
    /// the first drop at the start, the last return at the end, the link up at least 10 s between.
    /// </summary>
    private static Interruption[] Flaps(Random random, long start, long end, int count)
    {
        var share = (end - start) / count;
        var maxDownSeconds = (int)Math.Min(300, share / SecondMs / 2);
        var flaps = new Interruption[count];
        for (var i = 0; i < count; i++)
        {
            var down = random.Next(30, maxDownSeconds + 1) * SecondMs;
            var shareStart = start + (i * share);
            var drop = i == 0 ? start
                : i == count - 1 ? end - down
                : shareStart + (10 * SecondMs) + random.NextInt64(share - down - (20 * SecondMs) + 1);
            flaps[i] = new Interruption(drop - HeartbeatQuietMs, drop, drop + down, 0, 0);
        }

        return flaps;
    }

    /// <summary>
    /// <paramref name="count"/> reboots, each down 1 to 3 min, one in each equal share of [start, end]:
    /// the first drop at the start, the last BootNotification at the end.
    /// </summary>
    private static Interruption[] Reboots(Random random, long start, long end, int count)
    {
        var share = (end - start) / count;
        var reboots = new Interruption[count];
        for (var i = 0; i < count; i++)
        {
            var down = random.Next(60, 181) * SecondMs;
            var bootDelay = random.Next(300, 1500);
            var reason = random.Next(2) == 0 ? BootReasons.PowerUp : BootReasons.Watchdog;
            var shareStart = start + (i * share);
            var drop = i == 0 ? start
                : i == count - 1 ? end - bootDelay - down
                : shareStart + MinuteMs + random.NextInt64(share - down - bootDelay - (2 * MinuteMs) + 1);
            reboots[i] = new Interruption(drop - HeartbeatQuietMs, drop, drop + down, drop + down + bootDelay, reason);
        }

        return reboots;
    }

    private static ScheduledReset PlannedReset(Random random, int charger, long call)
    {
        var drop = call + (random.Next(10, 61) * SecondMs);
        var back = drop + (random.Next(60, 181) * SecondMs);
        var boot = back + random.Next(300, 1500);
        return new ScheduledReset(charger, call, new Interruption(call - HeartbeatQuietMs, drop, back, boot, BootReasons.RemoteReset));
    }
}
