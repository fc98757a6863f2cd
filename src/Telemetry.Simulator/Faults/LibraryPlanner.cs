using Telemetry.Simulator.Capture;
using Telemetry.Simulator.Fleet;

namespace Telemetry.Simulator.Faults;

/*
 * Places the library's kinds beyond the original four, after those and the planned resets and
 * from a random stream of its own, so the older faults keep their places for a seed.
 *
 * Invariants: nothing in the first or last two hours; nothing on a charger within an hour of
 * anything else on it (so no detector window mixes two faults, e.g. three drops in an hour);
 * a site fault keeps the hold period and an hour from anything else on its chargers, so one
 * site incident has resolved before the next fault there begins (a fault returning within the
 * hold period would reopen the incident before: one incident for two faults);
 * a fault whose signal stays raised for a detector window after it ends (reset storm, recurring
 * alarm, restart that fails) keeps the charger until its incident can resolve, so a later fault
 * there is not taken into it; a restart that holds has its quiet day inside the capture;
 * a site power loss keeps a day away from its chargers' offline faults and reset loops (a third
 * unplanned boot in 24 h would look like a reset storm); times are whole minutes. Faults prefer
 * one "troubled" site and chargers that already have a fault, so healthy chargers stay the many.
 */
internal sealed partial class LibraryPlanner
{
    private const long SecondMs = 1000;
    private const long MinuteMs = FaultPlanner.MinuteMs;
    private const long HourMs = 60 * MinuteMs;
    private const long DayMs = 24 * HourMs;
    private const long GapMs = HourMs;

    /// <summary>What a site fault keeps from anything else on its chargers: the correlator's default hold period and an hour.</summary>
    private const long SeparationMs = HoldMs + HourMs;

    /// <summary>The correlator's default hold period (Escalation:Resolution:HoldPeriod): a fault returning within it reopens the incident.</summary>
    private const long HoldMs = 4 * HourMs;

    /// <summary>The restart detector's default window (Detectors:Restarts:Window): how long restart.ineffective stays raised.</summary>
    private const long RestartWindowMs = 7 * DayMs;

    /// <summary>
    /// How long after a reset storm's last boot or a recurring alarm's last raise its incident stays
    /// open: the detectors' default window (Detectors:Resets:Window, Detectors:Alarms:Window, 24 h),
    /// over which reset.frequent and alarm.recurring stay raised, then the hold period.
    /// </summary>
    private const long PatternTailMs = DayMs + HoldMs;
    private const long QuietMs = 10 * SecondMs;
    private const int RandomAttempts = 128;

    private readonly SimulationOptions _options;
    private readonly ChargerProfile[] _chargers;
    private readonly Random _random;
    private readonly List<(long StartMs, long EndMs)>?[] _busy;
    private readonly List<(long StartMs, long EndMs)>?[] _bootFaults;
    private readonly bool[] _faulty;
    private readonly long _windowStart;
    private readonly long _windowEnd;
    private readonly string _troubledSite;
    private readonly List<LibraryFault> _faults = [];
    private readonly List<PlannedFault> _parts = [];

    private LibraryPlanner(
        SimulationOptions options, ChargerProfile[] chargers, PlannedFault[] existing, ScheduledReset[] resets, long startMs, long endMs)
    {
        _options = options;
        _chargers = chargers;
        _random = new Random(SeedMixer.Derive(options.Seed, SeedStream.Library, 0));
        _busy = new List<(long, long)>?[chargers.Length];
        _bootFaults = new List<(long, long)>?[chargers.Length];
        _faulty = new bool[chargers.Length];
        foreach (var fault in existing)
        {
            // A reset storm's charger incident takes in any link or boot signal until it resolves.
            Take(fault.Charger, fault.StartMs, fault.EndMs + (fault.Kind == FaultKind.ResetLoop ? PatternTailMs : 0));
            if (fault.Kind is FaultKind.Offline or FaultKind.ResetLoop)
            {
                (_bootFaults[fault.Charger] ??= []).Add((fault.StartMs, fault.EndMs));
            }
        }

        foreach (var reset in resets)
        {
            (_busy[reset.Charger] ??= []).Add((reset.CallMs, reset.Reboot.BootMs));
        }

        _windowStart = startMs + FaultPlanner.QuietEdgeMs;
        _windowEnd = endMs - FaultPlanner.QuietEdgeMs;
        _troubledSite = chargers[_random.Next(chargers.Length)].Site;
    }

    /// <summary>The faults in truth order (by start, then kind), and each charger's share of their traffic.</summary>
    public static (LibraryFault[] Faults, PlannedFault[] Parts) Plan(
        SimulationOptions options, ChargerProfile[] chargers, PlannedFault[] existing, ScheduledReset[] resets, long startMs, long endMs)
    {
        var planner = new LibraryPlanner(options, chargers, existing, resets, startMs, endMs);
        planner.PlaceAll();
        planner._faults.Sort(static (a, b) => a.StartMs != b.StartMs ? a.StartMs.CompareTo(b.StartMs) : a.Kind.CompareTo(b.Kind));
        return ([.. planner._faults], [.. planner._parts]);
    }

    private void PlaceAll()
    {
        var count = Math.Max(1, (int)Math.Round(_options.LibraryFaultsPerChargerDay * _options.Chargers * _options.Days));
        // Site-wide faults first: they need every charger of a site free at once.
        foreach (var kind in (ReadOnlySpan<FaultKind>)[
            FaultKind.SitePowerLoss, FaultKind.SiteUplinkLoss, FaultKind.RestartHolds, FaultKind.RestartFails,
            FaultKind.HalfDead, FaultKind.RecurringAlarm, FaultKind.EarlyTermination, FaultKind.ReaderAuthFailure,
            FaultKind.PowerDerating, FaultKind.ScheduledMaintenance, FaultKind.FirmwareFailure, FaultKind.BackendAuthOutage])
        {
            if (!_options.Faults.Contains(kind))
            {
                continue;
            }

            for (var i = 0; i < count; i++)
            {
                Place(kind);
            }
        }
    }

    private void Place(FaultKind kind)
    {
        switch (kind)
        {
            case FaultKind.SitePowerLoss:
                PlaceSitePowerLoss();
                break;
            case FaultKind.SiteUplinkLoss:
                PlaceSiteUplinkLoss();
                break;
            case FaultKind.HalfDead:
                PlaceHalfDead();
                break;
            case FaultKind.RecurringAlarm:
                PlaceRecurringAlarm();
                break;
            case FaultKind.EarlyTermination:
                PlaceEarlyTermination();
                break;
            case FaultKind.ReaderAuthFailure:
                PlaceReaderAuthFailure();
                break;
            case FaultKind.RestartHolds:
                PlaceRestart(holds: true);
                break;
            case FaultKind.RestartFails:
                PlaceRestart(holds: false);
                break;
            case FaultKind.PowerDerating:
                PlacePowerDerating();
                break;
            case FaultKind.ScheduledMaintenance:
                PlaceScheduledMaintenance();
                break;
            case FaultKind.FirmwareFailure:
                PlaceFirmwareFailure();
                break;
            default:
                PlaceBackendAuthOutage();
                break;
        }
    }

    /// <summary>
    /// A charger and a whole-minute start for a fault spanning [start − lead, start + span + tail]:
    /// random tries on preferred chargers (the troubled site, chargers already faulty), then on
    /// any, then the first free quarter hour in charger order.
    /// </summary>
    private bool TryFindCharger(long spanMs, long leadMs, long tailMs, out int charger, out long start)
    {
        var first = _windowStart + RoundUp(leadMs);
        var slots = (_windowEnd - spanMs - first) / MinuteMs;
        if (slots >= 0)
        {
            for (var attempt = 0; attempt < RandomAttempts; attempt++)
            {
                charger = _random.Next(_chargers.Length);
                if (attempt < RandomAttempts / 2 && !IsPreferred(charger))
                {
                    continue;
                }

                start = first + (_random.NextInt64(slots + 1) * MinuteMs);
                if (IsFree(charger, start - leadMs, start + spanMs + tailMs))
                {
                    return true;
                }
            }

            for (charger = 0; charger < _chargers.Length; charger++)
            {
                for (start = first; start + spanMs <= _windowEnd; start += 15 * MinuteMs)
                {
                    if (IsFree(charger, start - leadMs, start + spanMs + tailMs))
                    {
                        return true;
                    }
                }
            }
        }

        charger = 0;
        start = 0;
        return false;
    }

    /// <summary>A whole-minute start in the window for something lasting <paramref name="spanMs"/>.</summary>
    private long RandomStart(long spanMs)
    {
        var slots = (_windowEnd - spanMs - _windowStart) / MinuteMs;
        return slots < 0 ? -1 : _windowStart + (_random.NextInt64(slots + 1) * MinuteMs);
    }

    private bool IsPreferred(int charger) => _faulty[charger] || _chargers[charger].Site == _troubledSite;

    private bool IsFree(int charger, long startMs, long endMs, long gapMs = GapMs)
    {
        foreach (var (otherStart, otherEnd) in _busy[charger] ?? [])
        {
            if (startMs < otherEnd + gapMs && otherStart < endMs + gapMs)
            {
                return false;
            }
        }

        return true;
    }

    private bool FarFromBootFaults(int charger, long startMs, long endMs)
    {
        foreach (var (otherStart, otherEnd) in _bootFaults[charger] ?? [])
        {
            if (startMs < otherEnd + DayMs && otherStart < endMs + DayMs)
            {
                return false;
            }
        }

        return true;
    }

    private void Take(int charger, long startMs, long endMs)
    {
        (_busy[charger] ??= []).Add((startMs, endMs));
        _faulty[charger] = true;
    }

    private LibraryFault Add(FaultKind kind, int[] members, int port, long startMs, long endMs, bool excluded = false)
    {
        var fault = new LibraryFault(kind, members, port, startMs, endMs) { Excluded = excluded };
        _faults.Add(fault);
        return fault;
    }

    private void AddPart(FaultKind kind, int charger, int port, long startMs, long endMs, Interruption[]? interruptions, List<ScriptStep>? steps, long leadMs = 0) =>
        _parts.Add(new PlannedFault(kind, charger, port, startMs, endMs, interruptions, steps is null ? null : [.. steps], leadMs));

    private long Seconds(int min, int max) => _random.Next(min, max + 1) * SecondMs;

    private long Minutes(int min, int max) => _random.Next(min, max + 1) * MinuteMs;

    private static long RoundUp(long ms) => (ms + MinuteMs - 1) / MinuteMs * MinuteMs;

    private bool IsV201(int charger) => _chargers[charger].Protocol == ProtocolVersion.Ocpp201;

    private static ScriptStep ChargerCall(CaptureRecord record, RecordKind result = RecordKind.EmptyResult) => new(ScriptOp.ChargerCall, record, result);

    private static ScriptStep CsmsCall(CaptureRecord record, RecordKind result) => new(ScriptOp.CsmsCall, record, result);

    private static ScriptStep Session(long timeMs, SessionPlan plan) =>
        new(ScriptOp.Session, new CaptureRecord(timeMs, RecordKind.Authorize), Session: plan);

    private static CaptureRecord Status(long timeMs, int port, PortStatus status, int reason = 0) =>
        new(timeMs, RecordKind.StatusNotification, Port: port, Variant: (int)status, Reason: reason);
}
