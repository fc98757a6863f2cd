using Telemetry.Ocpp.Events;

namespace Telemetry.Engine.Availability;

/// <summary>
/// Per-port state: the last reported status, the effective condition and since when, and the
/// minute being accumulated. Time before <see cref="AccountedToMs"/> is final.
/// </summary>
internal struct PortState
{
    public int Charger;
    public ushort Port;
    public int NextPort;
    public ConnectorStatus Status;
    public ErrorCode Error;
    public PortCondition Condition;
    public long AccountedToMs;
    public long MinuteStartMs;
    public int UpMs;
    public int DownMs;
    public int OfflineMs;
    public int UnknownMs;

    /// <summary>Start of the open outage, or -1.</summary>
    public long OutageStartMs;
    public string? OutageCause;
}
