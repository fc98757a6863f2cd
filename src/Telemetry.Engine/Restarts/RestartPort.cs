using Telemetry.Ocpp.Events;

namespace Telemetry.Engine.Restarts;

/// <summary>
/// Per-port state of the restart efficacy detector (port 0 is the whole charger): the last status,
/// which a CSMS Reset needs to tell a faulted port, and where the port's restart record is. Most
/// ports are never restarted, so the record lives apart and only restarted ports have one.
/// </summary>
internal struct RestartPort
{
    public ConnectorStatus Status;
    public ErrorCode Error;

    /// <summary>Index + 1 of the port's record in the detector's record table; 0 until a restart is followed.</summary>
    public int Record;
}
