using Telemetry.Engine.Checkpoints;
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

    public void WriteTo(CheckpointWriter writer, CheckpointIds ids)
    {
        writer.Value(LastEmittedMs);
        writer.Count(Boots.Planned);
        writer.Count(Boots.Unplanned);
        writer.Count((int)StationStatus | ((int)StationError << 8));
        writer.Count(_ports.Count);
        foreach (var (port, first) in _ports)
        {
            writer.Count(port);
            writer.Value(first);
        }

        UnplannedBoots.WriteTo(writer);
        CommsTroubles.WriteTo(writer);
        writer.Count(Partials.Count);
        foreach (var partial in Partials)
        {
            partial.WriteTo(writer, ids);
        }
    }

    /// <summary>Reads what <see cref="WriteTo"/> wrote into this new charger.</summary>
    public void RestoreFrom(ref CheckpointReader reader, CheckpointIdMap map)
    {
        LastEmittedMs = reader.Value();
        var planned = reader.Count();
        Boots = new BootCounts(planned, reader.Count());
        var codes = reader.Count();
        StationStatus = (ConnectorStatus)(byte)codes;
        StationError = (ErrorCode)(byte)(codes >> 8);
        var ports = reader.Count(sizeof(int) + sizeof(long));
        for (var i = 0; i < ports; i++)
        {
            var port = (ushort)reader.Count();
            _ports.Add((port, reader.Value()));
        }

        UnplannedBoots.RestoreFrom(ref reader);
        CommsTroubles.RestoreFrom(ref reader);
        var partials = reader.Count(sizeof(long));
        for (var i = 0; i < partials; i++)
        {
            Partials.Add(ChargerPartial.ReadFrom(ref reader, map));
        }
    }
}
