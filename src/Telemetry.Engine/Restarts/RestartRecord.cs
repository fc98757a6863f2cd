using System.Runtime.InteropServices;
using Telemetry.Engine.Sessions;
using Telemetry.Ocpp.Events;

namespace Telemetry.Engine.Restarts;

/// <summary>A restarted port's followed restart, its verdicts and its signal; flat and fixed-size.</summary>
// Auto layout: the runtime orders fields by size, without the padding the declaration order would cost per port.
[StructLayout(LayoutKind.Auto)]
internal struct RestartRecord
{
    public RestartPhase Phase;

    /// <summary>The fault the followed restart was meant to clear.</summary>
    public ConnectorStatus FaultStatus;
    public ErrorCode FaultError;

    public long RequestedMs;
    public long BootedMs;
    public long RecoveredMs;

    public bool Raised;
    public long RaisedAtMs;
    public long LastNotHeldMs;
    public int EpisodeNotHeld;
    public TaggedTimes Outcomes;

    public int Tried;
    public int Held;
    public int NotHeld;
}
