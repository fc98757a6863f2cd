using System.Runtime.InteropServices;
using Telemetry.Engine.Windows;

namespace Telemetry.Engine.Comms;

/// <summary>Per-charger state of the comms stability detector; a flat fixed-size struct kept in an array by interned id.</summary>
// Auto layout: the runtime orders fields by size, without the padding the declaration order would cost per charger.
[StructLayout(LayoutKind.Auto)]
internal struct CommsState
{
    public ConnectionState Connection;

    /// <summary>Start of the current connection, valid while <see cref="Connection"/> is Connected.</summary>
    public long ConnectedSinceMs;

    /// <summary>Disconnects and the comms.unstable episode they raise.</summary>
    public WindowedEpisode Disconnects;
}
