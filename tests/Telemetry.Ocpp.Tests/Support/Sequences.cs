using System.Buffers;

namespace Telemetry.Ocpp.Tests.Support;

/// <summary>Builds the same bytes as one, two, or one-byte-per-segment sequences.</summary>
public static class Sequences
{
    public static ReadOnlySequence<byte> Of(params ReadOnlyMemory<byte>[] parts)
    {
        var first = new BufferSegment(parts[0]);
        var last = first;
        for (var i = 1; i < parts.Length; i++)
        {
            last = last.Append(parts[i]);
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    public static ReadOnlySequence<byte> SplitAt(byte[] bytes, int position) =>
        Of(bytes.AsMemory(0, position), bytes.AsMemory(position));

    public static ReadOnlySequence<byte> OneBytePerSegment(byte[] bytes)
    {
        var parts = new ReadOnlyMemory<byte>[bytes.Length];
        for (var i = 0; i < bytes.Length; i++)
        {
            parts[i] = bytes.AsMemory(i, 1);
        }

        return Of(parts);
    }
}
