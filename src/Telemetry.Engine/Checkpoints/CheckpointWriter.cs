using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace Telemetry.Engine.Checkpoints;

/// <summary>Writes detector state to a checkpoint: little-endian integers, length-prefixed UTF-8 text and flat arrays of structs without references.</summary>
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
        where T : struct => writer.Write(MemoryMarshal.AsBytes(values));

    /// <summary>Writes the memory of one struct.</summary>
    public void Struct<T>(in T value)
        where T : struct => writer.Write(MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in value)));

    /// <summary>Writes UTF-8 text with its length in front.</summary>
    public void Text(ReadOnlySpan<byte> utf8)
    {
        Count(utf8.Length);
        writer.Write(utf8);
    }

    /// <summary>Writes <paramref name="value"/> as UTF-8 text with its length in front.</summary>
    public void Text(string value) => Text(Encoding.UTF8.GetBytes(value));
}
