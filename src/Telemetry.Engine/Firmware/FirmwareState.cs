using System.Runtime.InteropServices;
using Telemetry.Engine.Windows;

namespace Telemetry.Engine.Firmware;

/// <summary>Per-charger state of the firmware failure detector; a flat fixed-size struct kept in an array by interned id.</summary>
// Auto layout: the runtime orders fields by size, without the padding the declaration order would cost per charger.
[StructLayout(LayoutKind.Auto)]
internal struct FirmwareState
{
    /// <summary>Failures and the firmware.failure episode they raise.</summary>
    public WindowedEpisode Failures;
}
