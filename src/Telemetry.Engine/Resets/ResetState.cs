using System.Runtime.InteropServices;
using Telemetry.Engine.Windows;
using Telemetry.Ocpp.Events;

namespace Telemetry.Engine.Resets;

/// <summary>Per-charger state of the reset detector; a flat fixed-size struct kept in an array by interned id.</summary>
// Auto layout: the runtime orders fields by size, without the padding the declaration order would cost per charger.
[StructLayout(LayoutKind.Auto)]
internal struct ResetState
{
    /// <summary>A CSMS Reset not yet followed by a boot, requested at <see cref="ResetRequestedMs"/>.</summary>
    public bool ResetPending;
    public long ResetRequestedMs;

    public long LastUnplannedMs;

    public BootReason LastReason;
    public int PlannedBoots;
    public int UnplannedBoots;
    public RecentTimes Planned;

    /// <summary>Unplanned boots and the reset.frequent episode they raise.</summary>
    public WindowedEpisode Unplanned;
}
