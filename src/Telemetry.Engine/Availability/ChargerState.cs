using System.Runtime.InteropServices;
using Telemetry.Ocpp.Events;

namespace Telemetry.Engine.Availability;

/// <summary>Per-charger state of the availability detector; a flat struct kept in an array by interned id.</summary>
// Auto layout: the runtime orders fields by size, without the padding the declaration order would cost per charger.
[StructLayout(LayoutKind.Auto)]
internal struct ChargerState
{
    public bool Seen;
    public bool Online;
    public long LastSeenMs;
    public long IntervalMs;
    public long OfflineSinceMs;
    public OfflineReason OfflineReason;

    /// <summary>Connector 0 / station status: when down it takes every port down.</summary>
    public ConnectorStatus StationStatus;
    public ErrorCode StationError;

    /// <summary>Index of the first port in the detector's port table, -1 if none; ports chain through <see cref="PortState.NextPort"/>.</summary>
    public int FirstPort;
}
