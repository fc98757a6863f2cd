using Telemetry.Engine.Checkpoints;
using Telemetry.Engine.Availability;

namespace Telemetry.Engine.Rollups;

/// <summary>A charger-minute while its ports' minutes arrive: the best port's time split, summed counters, the worst health.</summary>
internal sealed class ChargerPartial(long minuteStartMs)
{
    public long MinuteStartMs { get; } = minuteStartMs;

    public int Contributions { get; private set; }

    public ConnectorRollup Best { get; private set; }

    public ActivityCounts Sums;

    public byte Health { get; private set; } = 100;

    public void Add(in ConnectorRollup port)
    {
        // The charger can serve a driver when any port is up: its split is the port up longest (then down least).
        if (Contributions == 0 || port.UpMs > Best.UpMs || (port.UpMs == Best.UpMs && port.DownMs < Best.DownMs))
        {
            Best = port;
        }

        Contributions++;
        Sums.StatusChanges += port.StatusChanges;
        Sums.SessionsStarted += port.SessionsStarted;
        Sums.SessionsSucceeded += port.SessionsSucceeded;
        Sums.SessionsFailed += port.SessionsFailed;
        Sums.EnergyWh += port.EnergyWh;
        Sums.PeakPowerW = Math.Max(Sums.PeakPowerW, port.PeakPowerW);
        Sums.AlarmsRaised += port.AlarmsRaised;
        Health = Math.Min(Health, port.Health);
    }

    public void WriteTo(CheckpointWriter writer, CheckpointIds ids)
    {
        writer.Value(MinuteStartMs);
        writer.Count(Contributions);
        writer.Count(Health);
        writer.Count(ids.Charger(Best.Charger));
        writer.Struct(Best with { Charger = 0 });
        writer.Struct(Sums);
    }

    /// <summary>A partial as <see cref="WriteTo"/> wrote it, its best port's charger under its current id.</summary>
    public static ChargerPartial ReadFrom(ref CheckpointReader reader, CheckpointIdMap map)
    {
        var partial = new ChargerPartial(reader.Value())
        {
            Contributions = reader.Count(),
            Health = (byte)reader.Count(),
        };
        var charger = map.Charger(reader.Count());
        partial.Best = reader.Struct<ConnectorRollup>() with { Charger = charger };
        partial.Sums = reader.Struct<ActivityCounts>();
        return partial;
    }
}
