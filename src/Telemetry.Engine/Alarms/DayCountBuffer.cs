using System.Runtime.CompilerServices;

namespace Telemetry.Engine.Alarms;

/// <summary>Storage of <see cref="DayCounts"/>: one counter per UTC day, inline in the alarm slot.</summary>
[InlineArray(DayCounts.Days)]
internal struct DayCountBuffer
{
    private ushort _element0;
}
