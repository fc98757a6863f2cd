using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Telemetry.Engine.Checkpoints;

/// <summary>Writes detector state to a checkpoint: little-endian integers and flat arrays of unmanaged structs.</summary>
public readonly struct CheckpointWriter(IBufferWriter<byte> writer)
{
    public void Header(CheckpointSection section, ushort version) => CheckpointHeader.Write(writer, section, version);

    public void Value(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(writer.GetSpan(sizeof(long)), value);
        writer.Advance(sizeof(long));
    }

    public void Count(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(writer.GetSpan(sizeof(int)), value);
        writer.Advance(sizeof(int));
    }

    /// <summary>Writes the memory of <paramref name="values"/>: one copy, no per-item work.</summary>
    public void Structs<T>(ReadOnlySpan<T> values)
        where T : unmanaged => writer.Write(MemoryMarshal.AsBytes(values));
}
