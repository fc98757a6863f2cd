using System.Runtime.InteropServices;
using Telemetry.Engine.Windows;

namespace Telemetry.Engine.Comms;

/// <summary>Per-charger state of the half-dead connection detector; a flat fixed-size struct kept in an array by interned id.</summary>
// Auto layout: the runtime orders fields by size, without the padding the declaration order would cost per charger.
[StructLayout(LayoutKind.Auto)]
internal struct UnansweredState
{
    /// <summary>Deadline of the latest CALL counted unanswered.</summary>
    public long LastUnansweredMs;

    public PendingCallRing Pending;

    /// <summary>Answer deadlines (sent + timeout) of the CALLs that got no answer, and the episode they raise.</summary>
    public WindowedEpisode Unanswered;
}
