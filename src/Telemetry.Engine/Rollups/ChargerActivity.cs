using Telemetry.Engine.Resets;
using Telemetry.Ocpp.Events;

namespace Telemetry.Engine.Rollups;

/// <summary>What the minute activity stage remembers of one charger: its ports, its open charger-minutes and its recent troubles.</summary>
internal sealed class ChargerActivity
{
    private readonly List<(ushort Port, long FirstMinuteMs)> _ports = [];

    /// <summary>Open charger-minutes in minute order.</summary>
    public List<ChargerPartial> Partials { get; } = [];

    /// <summary>Start of the last charger-minute emitted.</summary>
    public long LastEmittedMs { get; set; } = long.MinValue;

    public long NextMinuteMs => LastEmittedMs == long.MinValue ? 0 : LastEmittedMs + 60_000;

    public BootCounts Boots { get; set; }

    public RecentMarks UnplannedBoots { get; } = new();

    /// <summary>Disconnects and unanswered CALLs.</summary>
    public RecentMarks CommsTroubles { get; } = new();

    public ConnectorStatus StationStatus { get; set; }

    public ErrorCode StationError { get; set; }

    public void AddPort(ushort port, long firstMinuteMs) => _ports.Add((port, firstMinuteMs));

    /// <summary>Ports that existed in the minute starting at <paramref name="minuteStartMs"/>: each sends a minute for it.</summary>
    public int PortsIn(long minuteStartMs)
    {
        var n = 0;
        foreach (var (_, first) in _ports)
        {
            if (first <= minuteStartMs)
            {
                n++;
            }
        }

        return n;
    }

    public ChargerPartial PartialFor(long minuteStartMs)
    {
        var i = Partials.Count;
        while (i > 0 && Partials[i - 1].MinuteStartMs >= minuteStartMs)
        {
            if (Partials[i - 1].MinuteStartMs == minuteStartMs)
            {
                return Partials[i - 1];
            }

            i--;
        }

        var partial = new ChargerPartial(minuteStartMs);
        Partials.Insert(i, partial);
        return partial;
    }
}
