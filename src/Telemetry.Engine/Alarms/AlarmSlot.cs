using System.Runtime.InteropServices;
using Telemetry.Engine.Windows;
using Telemetry.Ocpp.Events;

namespace Telemetry.Engine.Alarms;

/// <summary>
/// One alarm key of a charger (port, source, 1.6 errorCode, text code) with its open state,
/// recent raises and signals; a flat struct in the detector's slot pool.
/// </summary>
// Auto layout: the runtime orders fields by size, without the padding the declaration order would cost per charger.
[StructLayout(LayoutKind.Auto)]
internal struct AlarmSlot
{
    /// <summary>None while the slot is free.</summary>
    public AlarmSource Source;
    public ErrorCode Error;

    /// <summary>Connector status the alarm was last raised with (status alarms), for evidence.</summary>
    public ConnectorStatus Status;
    public bool Open;
    public bool Recurring;
    public bool Aging;
    public ushort Port;

    /// <summary>1.6 vendorErrorCode or 2.0.1 <c>component/variable[/techCode]</c>, interned.</summary>
    public ushort Text;

    public long OpenedMs;
    public long LastRaisedMs;
    public long RecurringSinceMs;

    /// <summary>Raises of the recurring episode, those that raised it included.</summary>
    public int EpisodeRaises;
    public RecentTimes Raises;
    public DayCounts Week;

    public readonly bool Is(AlarmSource source, ushort port, ErrorCode error, ushort text) =>
        Source == source && Port == port && Error == error && Text == text;
}
