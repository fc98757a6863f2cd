using Telemetry.Ocpp.Events;

namespace Telemetry.Engine.Availability;

/// <summary>
/// Per-port state the timer pass walks every minute: the last reported status, the effective
/// condition and the minute being accumulated. 24 bytes, no references: times are kept relative
/// to the minute (a minute index and milliseconds into it), and what the pass never reads (the
/// charger, the open outage) is in <see cref="PortDetail"/>. Time before the accounted point is final.
/// </summary>
internal struct PortState
{
    /// <summary>Index of the next port of the same charger in the port table, or -1.</summary>
    public int NextPort;

    /// <summary>The minute being accumulated, as minutes since the Unix epoch.</summary>
    public int Minute;
    public ushort Port;

    /// <summary>Milliseconds of <see cref="Minute"/> already accounted (0 … 59,999); time of the minute before them is final.</summary>
    public ushort AccountedMs;

    // Each at most a minute: 60,000 ms fits an unsigned 16-bit count. Unknown time is the rest
    // of the accounted milliseconds, so it is not kept.
    public ushort UpMs;
    public ushort DownMs;
    public ushort OfflineMs;
    public ConnectorStatus Status;
    public ErrorCode Error;
    public PortCondition Condition;
}
