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
}
