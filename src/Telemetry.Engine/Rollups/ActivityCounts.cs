namespace Telemetry.Engine.Rollups;

/// <summary>Counters gathered from events for one port-minute or one charger-minute, before its time split is final.</summary>
internal struct ActivityCounts
{
    public int StatusChanges;
    public int SessionsStarted;
    public int SessionsSucceeded;
    public int SessionsFailed;
    public int EnergyWh;
    public int PeakPowerW;
    public int AlarmsRaised;
    public int BootsPlanned;
    public int BootsUnplanned;
    public int Disconnects;
    public int UnansweredCalls;
}
