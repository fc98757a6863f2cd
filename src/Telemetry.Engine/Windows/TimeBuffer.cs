using System.Runtime.CompilerServices;

namespace Telemetry.Engine.Windows;

/// <summary>Storage of <see cref="RecentTimes"/>: a fixed inline block of event times, part of the per-charger struct.</summary>
[InlineArray(RecentTimes.Capacity)]
internal struct TimeBuffer
{
    private long _element0;
}
