using System.Runtime.CompilerServices;

namespace Telemetry.Engine.Comms;

/// <summary>Storage of <see cref="PendingCallRing"/>: a fixed inline block, part of the per-charger struct.</summary>
[InlineArray(PendingCallRing.Capacity)]
internal struct PendingCallBuffer
{
    private PendingCall _element0;
}
