using System.Runtime.InteropServices;

namespace Telemetry.Kafka.Events;

/// <summary>
/// The two positions of an <see cref="EventHandOff"/>, each on a cache line of its own: the
/// writer moves one and the reader the other, and sharing a line would make every event bounce
/// it between the two cores.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 3 * CacheLine)]
internal struct HandOffCursors
{
    private const int CacheLine = 64;

    /// <summary>Slots written (published with a release store), moved by the writer only.</summary>
    [FieldOffset(CacheLine)]
    public long Written;

    /// <summary>Slots read and given back, moved by the reader only.</summary>
    [FieldOffset(2 * CacheLine)]
    public long Read;
}
