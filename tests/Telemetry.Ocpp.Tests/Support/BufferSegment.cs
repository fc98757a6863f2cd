using System.Buffers;

namespace Telemetry.Ocpp.Tests.Support;

/// <summary>A linked segment for building multi-segment <see cref="ReadOnlySequence{T}"/> inputs.</summary>
public sealed class BufferSegment : ReadOnlySequenceSegment<byte>
{
    public BufferSegment(ReadOnlyMemory<byte> memory) => Memory = memory;

    public BufferSegment Append(ReadOnlyMemory<byte> memory)
    {
        var next = new BufferSegment(memory) { RunningIndex = RunningIndex + Memory.Length };
        Next = next;
        return next;
    }
}
